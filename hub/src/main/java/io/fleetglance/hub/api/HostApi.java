package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.hub.fleet.Host;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Glances REST API v4 of one host, the same for the hub's own machine at {@code /api/4} and for every host at
 * {@code /hosts/{name}/api/4}. Answers from the host's published state; a request never samples a machine.
 */
public final class HostApi {

    /** The Glances version whose API this is, as {@code /status} reports it. */
    public static final String GLANCES_VERSION = "4.5.6_dev01";

    private final Host host;
    private final PluginCatalogue catalogue;
    private final String hubVersion;

    /**
     * @param host the host served, or null for a hub that runs without a local agent (then only status answers,
     *             and no plugin is available)
     */
    HostApi(Host host, PluginCatalogue catalogue, String hubVersion) {
        this.host = host;
        this.catalogue = catalogue;
        this.hubVersion = hubVersion;
    }

    @GET
    @Path("status")
    public Response status() {
        return Json.ok(Json.object().put("version", GLANCES_VERSION).put("fleetglance", hubVersion));
    }

    @HEAD
    @Path("status")
    public Response statusHead() {
        byte[] body = Json.bytes(Json.object().put("version", GLANCES_VERSION).put("fleetglance", hubVersion));
        return Response.ok().type(Json.TYPE).header("Content-Length", body.length).build();
    }

    @GET
    @Path("pluginslist")
    public Response pluginsList() {
        ArrayNode list = Json.array();
        availablePlugins().forEach(list::add);
        return Json.ok(list);
    }

    @GET
    @Path("{plugin}")
    public Response plugin(@PathParam("plugin") String plugin) {
        return Json.ok(stats(plugin));
    }

    /** The plugins this host serves: the catalogue's, in its order, that the host's agent measures. */
    List<String> availablePlugins() {
        if (host == null) {
            return List.of();
        }
        Map<String, JsonNode> stats = host.state().stats();
        List<String> names = new ArrayList<>();
        for (PluginSpec spec : catalogue.plugins()) {
            if (stats.containsKey(spec.name())) {
                names.add(spec.name());
            }
        }
        return names;
    }

    /** The plugin's stats, or Glances' 400 when this host does not serve that plugin. */
    JsonNode stats(String plugin) {
        JsonNode node = host == null ? null : host.state().stats().get(plugin);
        if (node == null) {
            throw unknownPlugin(plugin);
        }
        return node;
    }

    private ApiException unknownPlugin(String plugin) {
        String available = availablePlugins().stream().map(p -> "'" + p + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        return new ApiException(400, "Unknown plugin " + plugin + " (available plugins: " + available + ")");
    }
}
