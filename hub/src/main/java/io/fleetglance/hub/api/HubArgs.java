package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * {@code /args}: Glances' command-line namespace as a hub has it. Options the hub owns (port, bind address, refresh
 * time, configuration file, credentials, which plugins are disabled) carry the hub's values; every other Glances
 * option has its Glances default, since the hub has no such option. Redacted as §1.5.8.
 */
final class HubArgs {

    private static final Set<String> SECRET_WITHOUT_PASSWORD = Set.of("password", "snmp_community", "snmp_user",
            "snmp_auth", "conf_file", "username");

    private HubArgs() {
    }

    static ObjectNode build(ApiContext context, String bind) {
        ObjectNode args = defaults();
        args.put("port", context.restPort());
        args.put("bind_address", bind);
        args.put("time", context.config().getDouble("global", "refresh", 2));
        args.put("cached_time", 0);
        args.put("browser", true);
        args.put("webserver", true);
        args.put("is_webserver", true);
        args.put("conf_file", context.config().source());
        args.put("username", context.auth() == null ? "glances" : context.auth().username());
        args.put("password", context.auth() == null ? "" : "(set)");
        for (PluginSpec p : context.registry().catalogue().plugins()) {
            boolean disabled = context.config().getBoolean(p.name(), "disable", !p.enabledByDefault());
            args.put("disable_" + p.name(), disabled);
        }
        for (String key : context.auth() == null ? SECRET_WITHOUT_PASSWORD : Set.of("password")) {
            args.put(key, "********");
        }
        return args;
    }

    private static ObjectNode defaults() {
        try (InputStream in = HubArgs.class.getClassLoader().getResourceAsStream("glances/args-defaults.json")) {
            JsonNode node = Json.MAPPER.readTree(in);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException("the Glances argument defaults are missing from the hub's jar", e);
        }
    }
}
