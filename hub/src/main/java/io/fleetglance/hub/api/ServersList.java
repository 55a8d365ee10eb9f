package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.Liveness;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /api/4/serverslist}: every host of the fleet in the shape of Glances' browser entries (§3.3), with the
 * configured columns, plus Fleetglance's own fields (last seen, the host's API path). Never a password or a URI.
 */
final class ServersList {

    static final String DEFAULT_COLUMNS = "system:hr_name,load:min5,cpu:total,mem:percent";

    /** One {@code plugin:field[:key]} column of {@code [serverlist] columns}. */
    record Column(String plugin, String field, String key) {
        String name() {
            return plugin + "_" + field + (key == null ? "" : "_" + key);
        }

        static List<Column> parse(String spec) {
            List<Column> out = new ArrayList<>();
            for (String c : spec.split(",")) {
                String[] p = c.trim().split(":");
                if (p.length >= 2 && !p[0].isBlank() && !p[1].isBlank()) {
                    out.add(new Column(p[0].trim(), p[1].trim(), p.length > 2 ? p[2].trim() : null));
                }
            }
            return out;
        }
    }

    private ServersList() {
    }

    static ArrayNode build(ApiContext context, int restPort, long nowMillis) {
        List<Column> columns = Column.parse(context.config().get("serverlist", "columns").orElse(DEFAULT_COLUMNS));
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
                for (Column c : columns) {
                    JsonNode v = value(host, c);
                    if (v != null) {
                        e.set(c.name(), v);
                    }
                }
            }
            e.put("api", "/hosts/" + host.name() + "/api/4");
            e.put("local", host.name().equals(local));
            e.put("last_seq", host.lastSeq());
            e.put("missed_samples", host.missedSamples());
            e.put("dropped_samples", host.droppedSamples());
            e.put("rejected_samples", host.rejectedSamples());
            if (host.lastSeenMillis() > 0) {
                e.put("last_seen", HistoryJson.timestamp(host.lastSeenMillis() * 1000));
            } else {
                e.putNull("last_seen");
            }
        }
        return out;
    }

    private static JsonNode value(Host host, Column c) {
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
