package io.fleetglance.hub.api;

import java.util.List;

/** The route table of the Glances API v4 under {@code /api/4}, in Glances' registration (= matching) order. */
public final class GlancesRoutes {

    private GlancesRoutes() {
    }

    /**
     * @param withToken whether the hub has a password: only then does {@code POST /token} exist, as in Glances
     */
    public static List<Route> all(boolean withToken) {
        List<Route> routes = new java.util.ArrayList<>(List.of(
                new Route("HEAD", "status", "Health check (headers only)", (api, r) -> api.statusHead()),
                new Route("GET", "status", "Health check: the Glances API version",
                        (api, r) -> api.status()),
                new Route("POST", "processes/extended/disable", "Stop collecting extended process stats",
                        (api, r) -> api.disableExtended()),
                new Route("POST", "processes/extended/{pid}", "Collect extended stats of one process",
                        (api, r) -> api.enableExtended(r.param("pid"))),
                new Route("GET", "args", "The hub's arguments, Glances' names", (api, r) -> api.args()),
                new Route("GET", "args/{item}", "One argument", (api, r) -> api.arg(r.param("item"))),
                new Route("GET", "all", "Every plugin's stats", (api, r) -> api.all()),
                new Route("GET", "pluginslist", "The plugins this host serves", (api, r) -> api.pluginsList()),
                new Route("GET", "serverslist", "Every host of the fleet, as Glances' browser lists servers",
                        (api, r) -> api.serversList()),
                new Route("GET", "processes/extended", "The process with extended stats, or {}",
                        (api, r) -> api.extendedProcess()),
                new Route("GET", "processes/{pid}", "One process of the current process list",
                        (api, r) -> api.process(r.param("pid"))),
                new Route("GET", "{plugin}", "A plugin's stats", (api, r) -> api.plugin(r.param("plugin"))),
                new Route("GET", "{plugin}/history", "A plugin's history (optional ?nb=N)",
                        (api, r) -> api.history(r.param("plugin"), r.intQuery("nb", 0))),
                new Route("GET", "{plugin}/history/{nb}", "A plugin's last nb history points",
                        (api, r) -> api.history(r.param("plugin"), r.intParam("nb"))),
                new Route("GET", "{plugin}/top/{nb}", "The first nb elements of a list plugin",
                        (api, r) -> api.top(r.param("plugin"), r.intParam("nb"))),
                new Route("GET", "{plugin}/{item}", "One field of a plugin",
                        (api, r) -> api.item(r.param("plugin"), r.param("item"))),
                new Route("GET", "{plugin}/{item}/history", "One history series (optional ?nb=N)",
                        (api, r) -> api.itemHistory(r.param("plugin"), r.param("item"), r.intQuery("nb", 0))),
                new Route("GET", "{plugin}/{item}/history/{nb}", "The last nb points of one history series",
                        (api, r) -> api.itemHistory(r.param("plugin"), r.param("item"), r.intParam("nb"))),
                new Route("GET", "{plugin}/{item}/description", "A field's description",
                        (api, r) -> api.description(r.param("plugin"), r.param("item"))),
                new Route("GET", "{plugin}/{item}/unit", "A field's unit",
                        (api, r) -> api.unit(r.param("plugin"), r.param("item"))),
                new Route("GET", "{plugin}/{item}/value/{value:path}", "Elements whose field equals value",
                        (api, r) -> api.value(r.param("plugin"), r.param("item"), r.param("value"))),
                new Route("GET", "{plugin}/{item}/{key}", "One field of the element with that key",
                        (api, r) -> api.key(r.param("plugin"), r.param("item"), r.param("key")))));
        if (withToken) {
            routes.add(2, new Route("POST", "token", "A bearer token for {\"username\", \"password\"}",
                    (api, r) -> api.token(r.body())));
        }
        return List.copyOf(routes);
    }
}
