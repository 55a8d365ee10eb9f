package io.fleetglance.hub.servers;

import io.fleetglance.common.config.GlancesConfig;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Glances' {@code [passwords]} section: {@code <host>=<password>} and {@code default=<password>}. Used only to answer
 * a static server's HTTP Basic challenge; never shown, logged or put in a URI.
 */
public final class ServerPasswords {

    private final Map<String, String> byHost;

    private ServerPasswords(Map<String, String> byHost) {
        this.byHost = byHost;
    }

    public static ServerPasswords of(GlancesConfig config) {
        Map<String, String> map = new HashMap<>();
        config.section("passwords").forEach((k, v) -> map.put(k.toLowerCase(Locale.ROOT), v));
        return new ServerPasswords(Map.copyOf(map));
    }

    public static ServerPasswords none() {
        return new ServerPasswords(Map.of());
    }

    /** The password for this server name, else the default one, as Glances' {@code get_password}. */
    Optional<String> forServer(String name) {
        String p = byHost.get(name.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(p != null ? p : byHost.get("default")).filter(s -> !s.isEmpty());
    }

    @Override
    public String toString() {
        return "ServerPasswords[" + byHost.size() + " entries]";
    }
}
