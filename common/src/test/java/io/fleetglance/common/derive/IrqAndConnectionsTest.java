package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.ConnectionsReading;
import io.fleetglance.proto.IrqLine;
import io.fleetglance.proto.IrqReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IrqAndConnectionsTest {

    private static final long DT_NS = 2_000_000_000L;

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void firstIrqReadingHasZeroRatesAndTimeSinceUpdateOne() {
        JsonNode stats = irq(0, line("LOC", 1000), line("1_i8042", 50));

        JsonNode loc = stats.get(0);
        assertEquals(List.of("irq_line", "irq_rate", "key", "time_since_update"), CpuDerivationTest.names(loc));
        assertEquals(0, loc.get("irq_rate").intValue());
        assertEquals("irq_line", loc.get("key").asText());
        assertTrue(loc.get("time_since_update").isInt());
        assertEquals(1, loc.get("time_since_update").intValue());
    }

    @Test
    void irqRateIsPerSecondNotTheRawDelta() {
        irq(0, line("LOC", 1000), line("1_i8042", 50));
        JsonNode stats = irq(DT_NS, line("LOC", 1901), line("1_i8042", 60));

        // LOC: 901 interrupts in 2 s -> 450 per second (Glances would say 901); i8042: 10 -> 5.
        assertEquals("LOC", stats.get(0).get("irq_line").asText());
        assertEquals(450, stats.get(0).get("irq_rate").intValue());
        assertTrue(stats.get(0).get("irq_rate").isInt());
        assertEquals(5, stats.get(1).get("irq_rate").intValue());
        assertEquals(2.0, stats.get(0).get("time_since_update").doubleValue());
    }

    @Test
    void keepsTheFiveBusiestLinesWithTiesInFileOrder() {
        irq(0, line("a", 0), line("b", 0), line("c", 0), line("d", 0), line("e", 0), line("f", 0), line("g", 0));
        JsonNode stats = irq(DT_NS, line("a", 2), line("b", 40), line("c", 2), line("d", 20), line("e", 2),
                line("f", 2), line("g", 2));

        // Rates: b 20, d 10, then a, c, e, f, g at 1: a and c and e make the cut, in file order.
        assertEquals(List.of("b", "d", "a", "c", "e"), irqNames(stats));
    }

    @Test
    void aLineSeenForTheFirstTimeOrThatWentBackwardsHasRateZero() {
        irq(0, line("LOC", 1000));
        JsonNode stats = irq(DT_NS, line("LOC", 10), line("NMI", 500));

        assertEquals(0, stats.get(0).get("irq_rate").intValue());
        assertEquals(0, stats.get(1).get("irq_rate").intValue());
    }

    @Test
    void countsConnectionsByStateAndTerminatedFromTheClosingStates() {
        JsonNode stats = connections(ConnectionsReading.newBuilder().setNetConnectionsEnabled(true)
                .putAllStates(Map.of("LISTEN", 12, "ESTABLISHED", 30, "SYN_SENT", 2, "SYN_RECV", 1,
                        "TIME_WAIT", 7, "CLOSE_WAIT", 3, "FIN_WAIT1", 1, "LAST_ACK", 1, "CLOSING", 4))
                .setNfConntrackEnabled(true).setNfConntrackCount(512).setNfConntrackMax(262_144).build());

        assertEquals(List.of("net_connections_enabled", "nf_conntrack_enabled", "LISTEN", "ESTABLISHED", "SYN_SENT",
                "SYN_RECV", "initiated", "terminated", "nf_conntrack_count", "nf_conntrack_max",
                "nf_conntrack_percent"), CpuDerivationTest.names(stats));
        assertEquals(12, stats.get("LISTEN").intValue());
        // initiated = SYN_SENT 2 + SYN_RECV 1.
        assertEquals(3, stats.get("initiated").intValue());
        // terminated = TIME_WAIT 7 + CLOSE_WAIT 3 + FIN_WAIT1 1 + LAST_ACK 1; CLOSING is not a Glances closing state.
        assertEquals(12, stats.get("terminated").intValue());
        assertTrue(stats.get("nf_conntrack_count").isDouble());
        assertEquals(512.0, stats.get("nf_conntrack_count").doubleValue());
        assertEquals(262_144.0, stats.get("nf_conntrack_max").doubleValue());
        // 512 x 100 / 262144 = 0.1953125
        assertEquals(0.1953125, stats.get("nf_conntrack_percent").doubleValue());
    }

    @Test
    void leavesOutWhatTheAgentCouldNotRead() {
        JsonNode stats = connections(ConnectionsReading.newBuilder().setNetConnectionsEnabled(false)
                .setNfConntrackEnabled(true).setNfConntrackCount(5).setNfConntrackMax(0).build());

        assertFalse(stats.get("net_connections_enabled").booleanValue());
        assertFalse(stats.get("nf_conntrack_enabled").booleanValue());
        assertEquals(2, stats.size());
    }

    private static IrqLine line(String name, long total) {
        return IrqLine.newBuilder().setIrqLine(name).setTotal(total).build();
    }

    private JsonNode irq(long monoNs, IrqLine... lines) {
        return deriver.derive(sampleAt(monoNs).setIrq(IrqReading.newBuilder().addAllLines(List.of(lines))).build())
                .get("irq");
    }

    private JsonNode connections(ConnectionsReading reading) {
        return deriver.derive(sampleAt(0).setConnections(reading).build()).get("connections");
    }

    private static List<String> irqNames(JsonNode stats) {
        List<String> names = new ArrayList<>();
        stats.forEach(e -> names.add(e.get("irq_line").asText()));
        return names;
    }
}
