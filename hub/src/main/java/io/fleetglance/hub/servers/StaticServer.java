package io.fleetglance.hub.servers;

/**
 * A Glances REST server listed in {@code [serverlist]} ({@code server_N_name/port/alias/protocol}).
 *
 * @param name  the host name or address as configured, also what the hub connects to
 * @param port  the port as written in the configuration: Glances keeps it a string
 * @param alias the configured alias, or null
 * @param ip    the address {@code name} resolved to when the list was read
 */
public record StaticServer(String name, String port, String alias, String ip) {

    /** Glances' key of a static entry: {@code name:port}. */
    public String key() {
        return name + ":" + port;
    }

    /** The server's API root, {@code http://name:port/api/4/}; an IPv6 literal is bracketed. */
    public String apiRoot() {
        String host = name.indexOf(':') >= 0 ? "[" + name + "]" : name;
        return "http://" + host + ":" + port + "/api/4/";
    }

    /** Where its own web UI is, for the fleet page's click-through. */
    public String webUrl() {
        String host = name.indexOf(':') >= 0 ? "[" + name + "]" : name;
        return "http://" + host + ":" + port + "/";
    }
}
