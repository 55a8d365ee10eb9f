package io.fleetglance.hub.api;

import java.util.ArrayList;
import java.util.List;

/** The route table of the Glances API v4 under {@code /api/4}, in Glances' registration (= matching) order. */
public final class GlancesRoutes {

    private GlancesRoutes() {
    }

    /**
     * @param withToken whether the hub has a password: only then does {@code POST /token} exist, as in Glances
     */
    public static List<Route> all(boolean withToken) {
        List<Route> routes = new ArrayList<>(List.of(
                new Route("HEAD", "status", "Health check (headers only)", (api, r) -> api.statusHead()),
                new Route("GET", "status", "Health check: the Glances API version",
                        (api, r) -> api.status()),
                new Route("POST", "events/clear/warning", "Remove finished events but CRITICAL ones",
                        (api, r) -> api.clearEvents(false)),
                new Route("POST", "events/clear/all", "Remove every finished event",
                        (api, r) -> api.clearEvents(true)),
                new Route("POST", "processes/extended/disable", "Stop collecting extended process stats",
                        (api, r) -> api.disableExtended()),
                new Route("POST", "processes/extended/{pid}", "Collect extended stats of one process",
                        (api, r) -> api.enableExtended(r.param("pid"))),
                new Route("GET", "config", "The configuration in force", (api, r) -> api.configAll()),
                new Route("GET", "config/{section}", "One configuration section",
                        (api, r) -> api.configSection(r.param("section"))),
                new Route("GET", "config/{section}/{item}", "One configuration value",
                        (api, r) -> api.configItem(r.param("section"), r.param("item"))),
                new Route("GET", "args", "The hub's arguments, Glances' names", (api, r) -> api.args()),
                new Route("GET", "args/{item}", "One argument", (api, r) -> api.arg(r.param("item"))),
                new Route("GET", "help", "Glances' help data", (api, r) -> api.help()),
                new Route("GET", "all", "Every plugin's stats", (api, r) -> api.all()),
                new Route("GET", "all/limits", "Every plugin's limits", (api, r) -> api.allLimits()),
                new Route("GET", "all/views", "Every plugin's views", (api, r) -> api.allViews()),
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
                new Route("GET", "{plugin}/history/range", "Fleetglance: a plugin's history over any range, "
                        + "min/avg/max per bucket from the store's tiers (?from=&to= epoch seconds, ?points=N)",
                        HistoryRangeAnswer::of),
                new Route("GET", "{plugin}/history/{nb}", "A plugin's last nb history points",
                        (api, r) -> api.history(r.param("plugin"), r.intParam("nb"))),
                new Route("GET", "{plugin}/top/{nb}", "The first nb elements of a list plugin",
                        (api, r) -> api.top(r.param("plugin"), r.intParam("nb"))),
                new Route("GET", "{plugin}/limits", "A plugin's limits", (api, r) -> api.limits(r.param("plugin"))),
                new Route("GET", "{plugin}/views", "A plugin's views", (api, r) -> api.views(r.param("plugin"))),
                new Route("GET", "{plugin}/{item}", "One field of a plugin",
                        (api, r) -> api.item(r.param("plugin"), r.param("item"))),
                new Route("GET", "{plugin}/{item}/views", "One field's view, or one element's views",
                        (api, r) -> api.itemViews(r.param("plugin"), r.param("item"))),
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
                        (api, r) -> api.key(r.param("plugin"), r.param("item"), r.param("key"))),
                new Route("GET", "{plugin}/{item}/{key}/views", "The view of one field of the element with that key",
                        (api, r) -> api.keyViews(r.param("plugin"), r.param("item"), r.param("key")))));
        if (withToken) {
            routes.add(2, new Route("POST", "token", "A bearer token for {\"username\", \"password\"}",
                    (api, r) -> api.token(r.body())));
        }
        return List.copyOf(routes);
    }
}
