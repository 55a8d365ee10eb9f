package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.ConnectionsReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionsCollectorTest {

    @TempDir
    Path scratch;

    private static ConnectionsReading collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new ConnectionsCollector(root).collect(sample);
        assertTrue(sample.hasConnections());
        return sample.getConnections();
    }

    @Test
    void countsTheSocketsOfBothTablesByState() {
        ConnectionsReading connections = collect(Fixtures.root(Fixtures.WORKSTATION));

        // tcp: 3 LISTEN, 3 ESTABLISHED, 2 TIME_WAIT, 1 CLOSE_WAIT, 1 SYN_SENT; tcp6: 2 LISTEN, 1 SYN_RECV,
        // 1 ESTABLISHED.
        assertTrue(connections.getNetConnectionsEnabled());
        assertEquals(Map.of("LISTEN", 5, "ESTABLISHED", 4, "TIME_WAIT", 2, "CLOSE_WAIT", 1, "SYN_SENT", 1,
                "SYN_RECV", 1), connections.getStatesMap());
    }

    @Test
    void readsTheConnectionTrackingCounters() {
        ConnectionsReading connections = collect(Fixtures.root(Fixtures.WORKSTATION));

        assertTrue(connections.getNfConntrackEnabled());
        assertEquals(412, connections.getNfConntrackCount());
        assertEquals(262_144, connections.getNfConntrackMax());
    }

    @Test
    void countsTheCapturedVmAndFindsNoConntrack() {
        ConnectionsReading connections = collect(Fixtures.root(Fixtures.DEBIAN_VM));

        // One LISTEN socket in tcp; two LISTEN and two ESTABLISHED (one loopback connection) in tcp6.
        assertEquals(Map.of("LISTEN", 3, "ESTABLISHED", 2), connections.getStatesMap());
        assertTrue(connections.getNetConnectionsEnabled());
        assertFalse(connections.getNfConntrackEnabled());
        assertEquals(0, connections.getNfConntrackMax());
    }

    @Test
    void countsIpv4AloneWhenIpv6IsDisabled() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/net/tcp", String.join("\n",
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
                "   1: 0F02000A:0016 0102000A:D2F4 0B 00000000:00000000 00:00000000 00000000     0        0 2 1",
                "   2: 0F02000A:0016 0102000A:D2F5 xx 00000000:00000000 00:00000000 00000000     0        0 3 1",
                "   3: truncated",
                ""));

        ConnectionsReading connections = collect(root);

        assertTrue(connections.getNetConnectionsEnabled());
        assertEquals(Map.of("LISTEN", 1, "CLOSING", 1), connections.getStatesMap());
    }

    @Test
    void needsBothConntrackFiles() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/sys/net/netfilter/nf_conntrack_count", "12\n");

        ConnectionsReading connections = collect(root);

        assertFalse(connections.getNfConntrackEnabled());
        assertEquals(0, connections.getNfConntrackCount());
    }

    @Test
    void disablesConnectionsWhenTheTcpTableCannotBeRead() {
        ConnectionsReading connections = collect(new HostRoot(scratch));

        assertFalse(connections.getNetConnectionsEnabled());
        assertEquals(Map.of(), connections.getStatesMap());
    }
}
