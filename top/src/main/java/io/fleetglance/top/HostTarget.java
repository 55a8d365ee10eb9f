package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where one host's API answers: on the hub under {@code hosts/NAME/api/4/}, or, for a Glances server of the hub's
 * {@code [serverlist]}, on that server itself (its own {@code api/4/}, reached directly, without the hub's password).
 */
record HostTarget(String name, URI directBase, String apiPath) {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** A host of the hub, by the name its agent gave. */
    static HostTarget onHub(String name) {
        if (!HOST_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("host name '" + name
                    + "' is not valid: expected letters, digits, '.', '_' or '-'");
        }
        return new HostTarget(name, null, "hosts/" + name + "/api/4/");
    }

    /** The host a fleet-browser line stands for. */
    static HostTarget of(JsonNode server) {
        String name = server.path("name").asText();
        String api = server.path("api").asText("");
        if (!api.isEmpty()) {
            return new HostTarget(name, null, (api.startsWith("/") ? api.substring(1) : api) + "/");
        }
        String host = server.path("ip").asText(name);
        String literal = host.contains(":") ? "[" + host + "]" : host;
        return new HostTarget(BrowserScreen.label(server),
                URI.create("http://" + literal + ":" + server.path("port").asText("61208") + "/"), "api/4/");
    }

    /** The fleet-browser key of this host: the same as serverslist's {@code name} for the hub's agents. */
    boolean isListedAs(JsonNode server) {
        return directBase == null ? name.equals(server.path("name").asText())
                : name.equals(BrowserScreen.label(server));
    }
}
