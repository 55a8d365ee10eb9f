package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.ConnectionsReading;
import io.fleetglance.proto.Sample;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code connections} plugin: TCP connections by state and the netfilter connection tracking table.
 *
 * <p>{@code initiated} counts SYN_SENT and SYN_RECV; {@code terminated} counts the closing states FIN_WAIT1,
 * FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT and LAST_ACK, which is what Glances declares. (Glances loops over the
 * initiated states a second time, so its {@code terminated} always equals {@code initiated}.) The conntrack count and
 * maximum are floats, as Glances reads them, and {@code nf_conntrack_percent = count × 100 / max}. A part the agent
 * could not read is flagged false and its fields are left out; a maximum of 0 counts as unreadable.
 */
public final class ConnectionsDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public ConnectionsDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, ConnectionsReading.getDescriptor(), "nf_conntrack_count", "nf_conntrack_max");
    }

    private static final List<String> SHOWN = List.of("LISTEN", "ESTABLISHED");
    private static final List<String> INITIATED = List.of("SYN_SENT", "SYN_RECV");
    private static final List<String> TERMINATED = List.of("FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
            "CLOSE_WAIT", "LAST_ACK");

    @Override
    public String plugin() {
        return "connections";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasConnections()) {
            return Optional.empty();
        }
        ConnectionsReading reading = sample.getConnections();
        boolean conntrack = reading.getNfConntrackEnabled() && reading.getNfConntrackMax() > 0;
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        stats.put("net_connections_enabled", reading.getNetConnectionsEnabled());
        stats.put("nf_conntrack_enabled", conntrack);
        if (reading.getNetConnectionsEnabled()) {
            Map<String, Integer> states = reading.getStatesMap();
            for (String state : SHOWN) {
                stats.set(state, JsonNumbers.integer(count(states, state)));
            }
            long initiated = 0;
            for (String state : INITIATED) {
                stats.set(state, JsonNumbers.integer(count(states, state)));
                initiated += count(states, state);
            }
            stats.set("initiated", JsonNumbers.integer(initiated));
            long terminated = 0;
            for (String state : TERMINATED) {
                terminated += count(states, state);
            }
            stats.set("terminated", JsonNumbers.integer(terminated));
        }
        if (conntrack) {
            double count = reading.getNfConntrackCount();
            double max = reading.getNfConntrackMax();
            stats.put("nf_conntrack_count", count);
            stats.put("nf_conntrack_max", max);
            stats.put("nf_conntrack_percent", count * 100 / max);
        }
        return Optional.of(copied.complete(stats, reading));
    }

    private static long count(Map<String, Integer> states, String state) {
        return Integer.toUnsignedLong(states.getOrDefault(state, 0));
    }
}
