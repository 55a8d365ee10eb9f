package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.alerts.HostAlerts;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.derive.HelpData;
import io.fleetglance.common.derive.HostDeriver;
import io.fleetglance.hub.auth.Authentication;
import io.fleetglance.hub.fleet.HistoryRing;
import io.fleetglance.hub.fleet.Host;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Glances REST API v4 of one host, the same for the hub's own machine at {@code /api/4} and for every host at
 * {@code /hosts/{name}/api/4}. Answers from the host's published state; a request never samples a machine.
 */
public final class HostApi {

    private final Host host;
    private final ApiContext context;
    /** No sample yet: the host's local agent has not attached, or its agent has sent nothing so far. */
    private final boolean beforeFirstSample;

    /**
     * @param host the host served, or null at the root when the local agent has not attached yet (then every enabled
     *             plugin answers its value before a first update) or when the hub runs without one (then status
     *             answers, and no plugin is available)
     */
    HostApi(Host host, ApiContext context) {
        this.host = host;
        this.context = context;
        this.beforeFirstSample = host == null ? context.registry().localHostName() != null : host.state().seq() == 0;
    }

    Host host() {
        return host;
    }

    ApiContext context() {
        return context;
    }

    private PluginCatalogue catalogue() {
        return context.registry().catalogue();
    }

    // ---- fixed routes

    Response status() {
        return Json.ok(statusBody());
    }

    Response statusHead() {
        byte[] body = Json.bytes(statusBody());
        return Response.ok().type(Json.TYPE).header("Content-Length", body.length).build();
    }

    private ObjectNode statusBody() {
        return Json.object().put("version", HostDeriver.GLANCES_VERSION).put("fleetglance", context.hubVersion());
    }

    Response pluginsList() {
        ArrayNode list = Json.array();
        availablePlugins().forEach(list::add);
        return Json.ok(list);
    }

    Response all() {
        if (host == null || beforeFirstSample) {
            ObjectNode all = Json.object();
            stats().forEach(all::set);
            return Json.ok(all);
        }
        Host.State state = host.state();
        return Json.okBytes(state.rendered("/all", () -> {
            ObjectNode all = Json.object();
            for (String plugin : availablePlugins(state.stats())) {
                all.set(plugin, state.stats().get(plugin));
            }
            return Json.bytes(all);
        }));
    }

    /** The fleet, the same whichever host's API it is asked through. */
    Response serversList() {
        return Json.ok(ServersList.build(context, context.restPort(), System.currentTimeMillis()));
    }

    /** {@code POST /token}: a JWT for the hub's username and password (only with a password). */
    Response token(byte[] body) {
        Authentication auth = context.auth();
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "Invalid JSON body");
        }
        if (request == null || !request.path("username").isTextual() || !request.path("password").isTextual()) {
            throw new ApiException(400, "Missing username or password in request body");
        }
        if (!auth.matches(request.get("username").asText(), request.get("password").asText())) {
            throw new ApiException(401, "Incorrect authentication");
        }
        return Json.ok(Json.object().put("access_token", auth.tokens().issue(auth.username()))
                .put("token_type", "bearer").put("expires_in", auth.tokens().expiresInSeconds()));
    }

    Response args() {
        return Json.ok(HubArgs.build(context, context.bind()));
    }

    Response arg(String item) {
        JsonNode args = HubArgs.build(context, context.bind());
        if (!args.has(item)) {
            throw new ApiException(400, "Unknown argument item " + item);
        }
        return Json.ok(args.get(item));
    }

    // ---- thresholds, views, events, configuration

    Response limits(String plugin) {
        requirePlugin(plugin);
        return Json.ok(alerts().limits(plugin).toJson());
    }

    Response allLimits() {
        return Json.ok(host == null && !beforeFirstSample ? Json.object() : alerts().allLimits(availablePlugins()));
    }

    /** The host's thresholds and views; before the local agent attaches, the hub configuration's, with no views. */
    private HostAlerts alerts() {
        return host != null ? host.alerts() : new HostAlerts(context.config(),
                catalogue(), Runtime.getRuntime().availableProcessors());
    }

    Response views(String plugin) {
        requirePlugin(plugin);
        return Json.okBytes(alerts().readViews(plugin, Json::bytes));
    }

    Response allViews() {
        if (beforeFirstSample) {
            ObjectNode all = Json.object();
            stats().keySet().forEach(all::putObject);
            return Json.ok(all);
        }
        return host == null ? Json.ok(Json.object()) : Json.okBytes(host.alerts().readAllViews(Json::bytes));
    }

    /** {@code /{plugin}/{item}/views}: a field's view (dict plugin) or every view of one element (list plugin). */
    Response itemViews(String plugin, String item) {
        requirePlugin(plugin);
        return Json.okBytes(alerts().readViews(plugin, views -> {
            JsonNode v = views.get(item);
            return Json.bytes(v == null ? NullNode.instance : v);
        }));
    }

    Response keyViews(String plugin, String item, String key) {
        requirePlugin(plugin);
        byte[] answer = alerts().readViews(plugin, views -> {
            JsonNode element = views.get(key);
            if (element == null || !element.isObject()) {
                return null;
            }
            JsonNode v = element.get(item);
            return Json.bytes(v == null ? NullNode.instance : v);
        });
        if (answer == null) {
            throw new ApiException(404, "Cannot get item " + item + " for key " + key + " in plugin view " + plugin);
        }
        return Json.okBytes(answer);
    }

    Response clearEvents(boolean all) {
        if (host != null) {
            host.clearEvents(all);
        }
        return Json.ok(Json.object());
    }

    /** The configuration in force for this host, redacted unless the API has a password (§1.5.8). */
    private JsonNode config() {
        GlancesConfig c = host != null ? host.alerts().effectiveConfig()
                : context.config().withGlancesDefaults(Runtime.getRuntime().availableProcessors());
        return Json.MAPPER.valueToTree(context.auth() != null ? c.asMap() : c.asSecureMap());
    }

    Response configAll() {
        return Json.ok(config());
    }

    Response configSection(String section) {
        JsonNode s = config().get(section);
        if (s == null) {
            throw new ApiException(400, "Unknown configuration item " + section);
        }
        return Json.ok(s);
    }

    Response configItem(String section, String item) {
        JsonNode s = config().get(section);
        if (s == null) {
            throw new ApiException(400, "Unknown configuration item " + section);
        }
        JsonNode v = s.get(item);
        if (v == null) {
            throw new ApiException(404, "Cannot get item " + item + " in config section " + section + " ('" + item
                    + "')");
        }
        return Json.ok(v);
    }

    Response help() {
        if (host == null) {
            return Json.ok(HelpData.viewData("", context.config().source()));
        }
        return Json.ok(host.helpData());
    }

    // ---- processes

    Response process(String pidText) {
        int pid = ApiRequest.parseInt(pidText, "path", "pid");
        return Json.ok(findProcess(pid).orElseThrow(() -> new ApiException(404, "Unknown PID process " + pidText)));
    }

    Response extendedProcess() {
        int pid = host == null ? 0 : host.extendedPid();
        if (pid > 0) {
            Optional<JsonNode> p = findProcess(pid);
            if (p.isPresent() && p.get().path("extended_stats").asBoolean(false)) {
                return Json.ok(p.get());
            }
        }
        return Json.ok(Json.object());
    }

    Response enableExtended(String pidText) {
        int pid = ApiRequest.parseInt(pidText, "path", "pid");
        if (findProcess(pid).isEmpty()) {
            throw new ApiException(404, "Unknown PID process " + pidText);
        }
        host.requestExtendedStats(pid);
        return Json.ok(BooleanNode.TRUE);
    }

    Response disableExtended() {
        if (host != null) {
            host.requestExtendedStats(0);
        }
        return Json.ok(BooleanNode.TRUE);
    }

    private Optional<JsonNode> findProcess(int pid) {
        JsonNode list = stats().get("processlist");
        if (list != null && list.isArray()) {
            for (JsonNode p : list) {
                if (p.path("pid").asInt(-1) == pid) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    // ---- plugin routes

    Response plugin(String plugin) {
        if (beforeFirstSample) {
            return Json.ok(requirePlugin(plugin));
        }
        Host.State state = host == null ? null : host.state();
        JsonNode stats = state == null ? null : state.stats().get(plugin);
        if (stats == null) {
            requirePlugin(plugin); // Glances' 400
        }
        return Json.okBytes(state.rendered(plugin, () -> Json.bytes(stats)));
    }

    Response history(String plugin, int nb) {
        requirePlugin(plugin);
        return Json.ok(HistoryJson.series(host == null ? Map.of() : host.history(plugin, nb)));
    }

    Response top(String plugin, int nb) {
        JsonNode stats = requirePlugin(plugin);
        if (!stats.isArray()) {
            return Json.ok(stats);
        }
        int size = stats.size();
        int end = nb >= 0 ? Math.min(nb, size) : Math.max(0, size + nb);
        ArrayNode out = Json.array();
        for (int i = 0; i < end; i++) {
            out.add(stats.get(i));
        }
        return Json.ok(out);
    }

    /** {@code /{plugin}/{item}}: Glances' dictlist. */
    Response item(String plugin, String item) {
        JsonNode stats = requirePlugin(plugin);
        if (stats.isObject()) {
            return Json.ok(stats.has(item) ? Json.object().set(item, stats.get(item)) : NullNode.instance);
        }
        if (stats.isArray()) {
            ArrayNode values = Json.array();
            for (JsonNode e : stats) {
                if (!e.has(item)) {
                    return Json.ok(NullNode.instance);
                }
                values.add(e.get(item));
            }
            return Json.ok(Json.object().set(item, values));
        }
        return Json.ok(NullNode.instance);
    }

    Response itemHistory(String plugin, String item, int nb) {
        requirePlugin(plugin);
        Optional<List<HistoryRing.Point>> series = host == null ? Optional.empty() : host.history(plugin, item, nb);
        return Json.ok(series.<JsonNode>map(HistoryJson::points).orElse(NullNode.instance));
    }

    Response description(String plugin, String item) {
        return fieldInfo(plugin, item, FieldSpec::description);
    }

    Response unit(String plugin, String item) {
        return fieldInfo(plugin, item, FieldSpec::unit);
    }

    private Response fieldInfo(String plugin, String item, Function<FieldSpec, String> what) {
        requirePlugin(plugin);
        Optional<PluginSpec> spec = catalogue().plugin(plugin);
        String value = spec.flatMap(s -> s.field(item)).map(what).orElse(null);
        return Json.ok(value == null ? NullNode.instance : Json.MAPPER.getNodeFactory().textNode(value));
    }

    /** {@code /{plugin}/{item}/value/{value}}: the elements of a list plugin whose item equals value. */
    Response value(String plugin, String item, String value) {
        JsonNode stats = requirePlugin(plugin);
        if (!stats.isArray()) {
            return Json.ok(NullNode.instance);
        }
        boolean numeric = !value.isEmpty() && value.chars().allMatch(Character::isDigit);
        ArrayNode matches = Json.array();
        for (JsonNode e : stats) {
            JsonNode v = e.get(item);
            if (v == null) {
                return Json.ok(NullNode.instance);
            }
            boolean equal = numeric ? v.isNumber() && v.decimalValue().compareTo(new BigDecimal(value)) == 0
                    : v.isTextual() && v.asText().equals(value);
            if (equal) {
                matches.add(e);
            }
        }
        return Json.ok(Json.object().set(value, matches));
    }

    /**
     * {@code /{plugin}/{item}/{key}}: the item of the element whose key field equals key. Unlike Glances, numeric
     * keys (pid, cpu_number) match too: they are compared by their text.
     */
    Response key(String plugin, String item, String key) {
        JsonNode stats = requirePlugin(plugin);
        JsonNode element = findByKey(stats, key);
        if (element == null) {
            throw new ApiException(404, "Cannot get item " + item + " for key " + key + " in plugin " + plugin
                    + " (list index out of range)");
        }
        JsonNode v = element.get(item);
        return Json.ok(Json.object().set(item, v == null ? NullNode.instance : v));
    }

    static JsonNode findByKey(JsonNode stats, String key) {
        if (!stats.isArray()) {
            return null;
        }
        for (JsonNode e : stats) {
            JsonNode keyField = e.get("key");
            if (keyField != null && keyField.isTextual()) {
                JsonNode id = e.get(keyField.asText());
                if (id != null && !id.isNull() && id.asText().equals(key)) {
                    return e;
                }
            }
        }
        return null;
    }

    // ---- helpers

    private Map<String, JsonNode> stats() {
        if (beforeFirstSample) {
            return FirstUpdate.stats(catalogue(), host != null ? host.alerts().effectiveConfig() : context.config());
        }
        return host == null ? Map.of() : host.state().stats();
    }

    /** The plugins this host serves: the catalogue's, in its order, that the host's agent measures. */
    List<String> availablePlugins() {
        return availablePlugins(stats());
    }

    private List<String> availablePlugins(Map<String, JsonNode> stats) {
        List<String> names = new ArrayList<>();
        for (PluginSpec spec : catalogue().plugins()) {
            if (stats.containsKey(spec.name())) {
                names.add(spec.name());
            }
        }
        return names;
    }

    /** The plugin's stats, or Glances' 400 when this host does not serve that plugin. */
    JsonNode requirePlugin(String plugin) {
        JsonNode node = stats().get(plugin);
        if (node == null) {
            String available = availablePlugins().stream().map(p -> "'" + p + "'")
                    .collect(Collectors.joining(", ", "[", "]"));
            throw new ApiException(400, "Unknown plugin " + plugin + " (available plugins: " + available + ")");
        }
        return node;
    }
}
