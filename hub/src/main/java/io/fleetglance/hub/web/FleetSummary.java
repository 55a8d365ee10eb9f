package io.fleetglance.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.hub.api.ApiContext;
import io.fleetglance.hub.api.Json;
import io.fleetglance.hub.fleet.FleetTrends;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.HostDecorations;
import io.fleetglance.hub.fleet.Liveness;
import io.fleetglance.hub.servers.StaticServers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /fleet/summary.json}: every host of the fleet (agents' hosts, then static servers) with the figures the fleet
 * page shows and their short recent series, in one answer built from memory, so a page over 1,000 hosts costs one
 * request per refresh. Fleetglance's own shape, not a Glances route. Never a password or a URI with credentials.
 */
final class FleetSummary {

    private static final Map<String, Integer> STATE_RANK = Map.of("CAREFUL", 1, "WARNING", 2, "CRITICAL", 3);

    private FleetSummary() {
    }

    /** @param only the name (agents) or key (static servers) of the one host wanted, null for all */
    static ObjectNode build(ApiContext context, FleetTrends trends, long nowMillis, String only) {
        int silent = (int) context.config().getDouble("fleet", "offline_after_periods", 3);
        ObjectNode out = Json.object();
        out.put("now", nowMillis);
        out.put("points", FleetTrends.POINTS);
        ArrayNode list = out.putArray("hosts");
        List<Host> hosts = new ArrayList<>(context.registry().hosts());
        hosts.sort(Comparator.comparing(Host::name));
        String local = context.registry().localHostName();
        for (Host host : hosts) {
            if (only != null && !only.equals(host.name())) {
                continue;
            }
            agentHost(list.addObject(), host, Liveness.of(host, nowMillis, silent), host.name().equals(local),
                    context.decorations(), trends);
        }
        for (StaticServers.Entry s : context.staticServers().entries()) {
            if (only != null && !only.equals(s.server().key())) {
                continue;
            }
            staticServer(list.addObject(), s);
        }
        return out;
    }

    private static void agentHost(ObjectNode e, Host host, Liveness status, boolean local,
            HostDecorations decorations, FleetTrends trends) {
        e.put("key", host.name());
        e.put("name", host.name());
        e.putNull("alias");
        e.put("type", "DYNAMIC");
        e.put("status", status.name());
        e.put("local", local);
        lastSeen(e, host.lastSeenMillis());
        e.put("href", "hosts/" + host.name() + "/");
        Map<String, JsonNode> stats = host.state().stats();
        boolean online = status == Liveness.ONLINE;
        JsonNode cpu = plugin(stats, "cpu", online);
        JsonNode mem = plugin(stats, "mem", online);
        JsonNode swap = plugin(stats, "memswap", online);
        JsonNode load = plugin(stats, "load", online);
        e.set("hr_name", plugin(stats, "system", true).path("hr_name").isTextual()
                ? stats.get("system").get("hr_name") : null);
        number(e, "cpu", cpu.path("total"));
        number(e, "mem", mem.path("percent"));
        number(e, "swap", swap.path("percent"));
        load(e, load.path("min1"), load.path("min5"), load.path("min15"), load.path("cpucore"));
        JsonNode fullest = fullestFs(plugin(stats, "fs", online));
        if (fullest != null) {
            e.putObject("fs").put("mnt_point", fullest.path("mnt_point").asText())
                    .set("percent", fullest.get("percent"));
        } else {
            e.putNull("fs");
        }
        // An offline host's events stay true (its HOST_DOWN first of all): they are shown whatever the status.
        alerts(e.putObject("alerts"), plugin(stats, "alert", true));
        // Samples that never reached the hub: a gap in this host's data, shown on its row and its page.
        e.putObject("gaps").put("missed", host.missedSamples()).put("dropped", host.droppedSamples());
        ObjectNode deco = e.putObject("decorations");
        if (online) {
            decorate(deco, "cpu_total", decorations.of(host, "cpu", "total", null));
            decorate(deco, "mem_percent", decorations.of(host, "mem", "percent", null));
            decorate(deco, "memswap_percent", decorations.of(host, "memswap", "percent", null));
            for (String m : List.of("min1", "min5", "min15")) {
                decorate(deco, "load_" + m, decorations.of(host, "load", m, null));
            }
            if (fullest != null) {
                decorate(deco, "fs_percent", decorations.of(host, "fs", "percent",
                        fullest.path("mnt_point").asText()));
            }
        }
        ObjectNode series = e.putObject("series");
        series(series, "cpu", trends.recent(host, FleetTrends.Figure.CPU), 1);
        series(series, "mem", trends.recent(host, FleetTrends.Figure.MEM), 1);
        series(series, "load", trends.recent(host, FleetTrends.Figure.LOAD), 2);
    }

    /** A {@code [serverlist]} server: the figures its columns carry ({@code cpu_total}, {@code mem_percent}...). */
    private static void staticServer(ObjectNode e, StaticServers.Entry entry) {
        StaticServers.Poll poll = entry.poll();
        Map<String, JsonNode> v = poll.values();
        e.put("key", entry.server().key());
        e.put("name", entry.server().name());
        e.put("alias", entry.server().alias());
        e.put("type", "STATIC");
        e.put("status", poll.status().name());
        e.put("local", false);
        lastSeen(e, poll.lastSeenMillis());
        e.put("href", entry.server().webUrl());
        JsonNode missing = MissingNode.getInstance();
        e.set("hr_name", v.getOrDefault("system_hr_name", missing).isTextual() ? v.get("system_hr_name") : null);
        number(e, "cpu", v.getOrDefault("cpu_total", missing));
        number(e, "mem", v.getOrDefault("mem_percent", missing));
        number(e, "swap", v.getOrDefault("memswap_percent", missing));
        load(e, v.getOrDefault("load_min1", missing), v.getOrDefault("load_min5", missing),
                v.getOrDefault("load_min15", missing), v.getOrDefault("load_cpucore", missing));
        e.putNull("fs");
        alerts(e.putObject("alerts"), missing);
        ObjectNode deco = e.putObject("decorations");
        poll.decorations().forEach(deco::put);
        ObjectNode series = e.putObject("series");
        series(series, "cpu", poll.recent().getOrDefault("cpu_total", List.of()), 1);
        series(series, "mem", poll.recent().getOrDefault("mem_percent", List.of()), 1);
        series(series, "load", poll.recent().getOrDefault("load_min1",
                poll.recent().getOrDefault("load_min5", List.of())), 2);
    }

    private static JsonNode plugin(Map<String, JsonNode> stats, String name, boolean online) {
        JsonNode n = online ? stats.get(name) : null;
        return n == null ? MissingNode.getInstance() : n;
    }

    private static void number(ObjectNode e, String field, JsonNode v) {
        if (v.isNumber()) {
            e.set(field, v);
        } else {
            e.putNull(field);
        }
    }

    private static void load(ObjectNode e, JsonNode min1, JsonNode min5, JsonNode min15, JsonNode cpucore) {
        if (!min1.isNumber() && !min5.isNumber() && !min15.isNumber()) {
            e.putNull("load");
            return;
        }
        ObjectNode l = e.putObject("load");
        number(l, "min1", min1);
        number(l, "min5", min5);
        number(l, "min15", min15);
        number(l, "cpucore", cpucore);
    }

    static JsonNode fullestFs(JsonNode fs) {
        JsonNode best = null;
        if (fs.isArray()) {
            for (JsonNode f : fs) {
                if (f.path("percent").isNumber()
                        && (best == null || f.get("percent").asDouble() > best.get("percent").asDouble())) {
                    best = f;
                }
            }
        }
        return best;
    }

    /**
     * The {@code alert} plugin's events: how many are listed, how many are still ongoing ({@code end} -1), and the
     * worst state among the ongoing ones. A host without the plugin has none.
     */
    static void alerts(ObjectNode a, JsonNode alert) {
        int count = 0;
        int ongoing = 0;
        String worst = null;
        if (alert.isArray()) {
            for (JsonNode event : alert) {
                count++;
                if (event.path("end").asDouble(0) < 0) {
                    ongoing++;
                    String state = event.path("state").asText("");
                    if (rank(state) > rank(worst)) {
                        worst = state;
                    }
                }
            }
        }
        a.put("count", count);
        a.put("ongoing", ongoing);
        a.put("state", worst);
    }

    private static int rank(String state) {
        return state == null ? 0 : STATE_RANK.getOrDefault(state, 0);
    }

    private static void decorate(ObjectNode deco, String name, Optional<String> d) {
        d.ifPresent(v -> deco.put(name, v));
    }

    private static void lastSeen(ObjectNode e, long millis) {
        if (millis > 0) {
            e.put("last_seen", millis);
        } else {
            e.putNull("last_seen");
        }
    }

    /** Values rounded for display (the page draws 30 points in a few pixels); gaps as null. */
    private static void series(ObjectNode series, String name, List<Double> values, int decimals) {
        ArrayNode a = series.putArray(name);
        double scale = Math.pow(10, decimals);
        for (Double v : values) {
            if (v == null || v.isNaN() || v.isInfinite()) {
                a.addNull();
            } else {
                a.add(Math.round(v * scale) / scale);
            }
        }
    }
}
