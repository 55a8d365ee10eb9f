package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.Liveness;
import io.fleetglance.hub.servers.ServerColumn;
import io.fleetglance.hub.servers.StaticServer;
import io.fleetglance.hub.servers.StaticServers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /api/4/serverslist}: every host of the fleet in the shape of Glances' browser entries (§3.3), with the
 * configured columns: the agents' hosts (with Fleetglance's own fields: last seen, the host's API path, sample
 * counters), then the static {@code [serverlist]} servers as Glances lists them. Never a password or a URI.
 */
final class ServersList {

    private ServersList() {
    }

    static ArrayNode build(ApiContext context, int restPort, long nowMillis) {
        List<ServerColumn> columns = ServerColumn.of(context.config());
        int silent = (int) context.config().getDouble("fleet", "offline_after_periods", 3);
        ArrayNode out = Json.array();
        List<Host> hosts = new ArrayList<>(context.registry().hosts());
        hosts.sort(Comparator.comparing(Host::name));
        String local = context.registry().localHostName();
        for (Host host : hosts) {
            Liveness status = Liveness.of(host, nowMillis, silent);
            ObjectNode e = out.addObject();
            e.put("key", host.name());
            e.put("name", host.name());
            e.put("ip", host.remoteAddress());
            e.put("port", restPort);
            e.putNull("alias");
            e.put("protocol", "rest");
            e.put("username", "glances");
            e.put("status", status.name());
            e.put("type", "DYNAMIC");
            ArrayNode names = e.putArray("columns");
            columns.forEach(c -> names.add(c.name()));
            if (status == Liveness.ONLINE) {
                for (ServerColumn c : columns) {
                    JsonNode v = value(host, c);
                    if (v != null) {
                        e.set(c.name(), v);
                        context.decorations().of(host, c.plugin(), c.field(), c.key())
                                .ifPresent(d -> e.put(c.name() + "_decoration", d));
                    }
                }
            }
            e.put("api", "/hosts/" + host.name() + "/api/4");
            e.put("local", host.name().equals(local));
            e.put("last_seq", host.lastSeq());
            e.put("missed_samples", host.missedSamples());
            e.put("dropped_samples", host.droppedSamples());
            e.put("rejected_samples", host.rejectedSamples());
            lastSeen(e, host.lastSeenMillis());
        }
        for (StaticServers.Entry s : context.staticServers().entries()) {
            addStatic(out, s, context.staticServers().columns());
        }
        return out;
    }

    /** A {@code [serverlist]} server as Glances' {@code _sanitize_server} leaves it, plus when it last answered. */
    private static void addStatic(ArrayNode out, StaticServers.Entry entry, List<ServerColumn> columns) {
        StaticServer server = entry.server();
        StaticServers.Poll poll = entry.poll();
        ObjectNode e = out.addObject();
        e.put("name", server.name());
        e.put("port", server.port());
        e.put("alias", server.alias());
        e.put("protocol", "rest");
        e.put("username", "glances");
        e.put("ip", server.ip());
        e.put("key", server.key());
        e.put("status", poll.status().name());
        e.put("type", "STATIC");
        ArrayNode names = e.putArray("columns");
        columns.forEach(c -> names.add(c.name()));
        for (ServerColumn c : columns) {
            JsonNode v = poll.values().get(c.name());
            if (v != null) {
                e.set(c.name(), v);
            }
            String d = poll.decorations().get(c.name());
            if (d != null) {
                e.put(c.name() + "_decoration", d);
            }
        }
        e.put("local", false);
        lastSeen(e, poll.lastSeenMillis());
    }

    private static void lastSeen(ObjectNode e, long millis) {
        if (millis > 0) {
            e.put("last_seen", HistoryJson.timestamp(millis * 1000));
        } else {
            e.putNull("last_seen");
        }
    }

    private static JsonNode value(Host host, ServerColumn c) {
        JsonNode stats = host.state().stats().get(c.plugin());
        if (stats == null) {
            return null;
        }
        if (c.key() == null) {
            return stats.isObject() ? stats.get(c.field()) : null;
        }
        JsonNode element = HostApi.findByKey(stats, c.key());
        return element == null ? null : element.get(c.field());
    }
}
