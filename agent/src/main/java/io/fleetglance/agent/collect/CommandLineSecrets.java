package io.fleetglance.agent.collect;

import java.util.List;
import java.util.Locale;

/**
 * Hides the value of {@code --token} in the command line of a Fleetglance process (an agent or a hub given its token
 * on the command line), so that the process list the hub serves never shows the secret. Other programs' command
 * lines are reported as they are, as Glances does.
 */
final class CommandLineSecrets {

    static final String MASK = "********";
    private static final String OPTION = "--token";

    private CommandLineSecrets() {
    }

    /** Masks {@code arguments} in place when they hold a Fleetglance token; returns them. */
    static List<String> mask(List<String> arguments) {
        int found = -1;
        for (int i = 0; i < arguments.size() && found < 0; i++) {
            String a = arguments.get(i);
            if (a.equals(OPTION) || a.startsWith(OPTION + "=")) {
                found = i;
            }
        }
        if (found < 0 || !fleetglance(arguments)) {
            return arguments;
        }
        for (int i = found; i < arguments.size(); i++) {
            String a = arguments.get(i);
            if (a.equals(OPTION) && i + 1 < arguments.size()) {
                arguments.set(++i, MASK);
            } else if (a.startsWith(OPTION + "=")) {
                arguments.set(i, OPTION + "=" + MASK);
            }
        }
        return arguments;
    }

    private static boolean fleetglance(List<String> arguments) {
        for (String a : arguments) {
            if (a.toLowerCase(Locale.ROOT).contains("fleetglance")) {
                return true;
            }
        }
        return false;
    }
}
