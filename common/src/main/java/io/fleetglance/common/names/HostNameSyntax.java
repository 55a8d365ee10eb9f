package io.fleetglance.common.names;

import java.util.regex.Pattern;

/**
 * The names a host may have, the same for the agent that claims one and the hub that serves it: they appear in URLs
 * as {@code /hosts/{name}/} and in log lines, so only letters, digits, '.', '_' and '-' pass, and a name made only
 * of dots is refused ({@code /hosts/../} would walk out of the path).
 */
public final class HostNameSyntax {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern ONLY_DOTS = Pattern.compile("\\.+");

    /** What a valid name looks like, for error messages. */
    public static final String EXPECTED = "use 1 to 128 letters, digits, '.', '_' or '-', not only dots";

    private HostNameSyntax() {
    }

    public static boolean isValid(String name) {
        return name != null && ALLOWED.matcher(name).matches() && !ONLY_DOTS.matcher(name).matches();
    }
}
