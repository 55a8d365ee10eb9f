package io.fleetglance.agent.collect;

import io.fleetglance.proto.ConnectionsReading;
import io.fleetglance.proto.Sample;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Counts TCP sockets by state in {@code /proc/net/tcp} and {@code /proc/net/tcp6}, as psutil's
 * {@code net_connections(kind="tcp")} lists them, and reads the netfilter connection tracking counters, for the
 * connections plugin. States are named as psutil names them; a state no socket is in is absent (count 0).
 * {@code net_connections_enabled} is false when {@code /proc/net/tcp} cannot be read (tcp6 may be missing: no IPv6);
 * {@code nf_conntrack_enabled} is false unless both conntrack files can be read.
 */
public final class ConnectionsCollector implements Collector {

    /** The kernel's TCP states (include/net/tcp_states.h), index = state code, named as psutil's CONN_ constants. */
    private static final String[] STATES = {null, "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

    private final HostRoot root;

    /** A collector reading {@code /proc/net} and {@code /proc/sys/net/netfilter} under {@code root}. */
    public ConnectionsCollector(HostRoot root) {
        this.root = root;
    }

    @Override
    public List<String> plugins() {
        return List.of("connections");
    }

    @Override
    public void collect(Sample.Builder sample) {
        ConnectionsReading.Builder reading = ConnectionsReading.newBuilder();
        int[] counts = new int[STATES.length];
        boolean tcp = count(root.resolve("/proc/net/tcp"), counts);
        if (tcp) {
            count(root.resolve("/proc/net/tcp6"), counts);
            TreeMap<String, Integer> states = new TreeMap<>();
            for (int state = 1; state < STATES.length; state++) {
                if (counts[state] > 0) {
                    states.put(STATES[state], counts[state]);
                }
            }
            reading.setNetConnectionsEnabled(true).putAllStates(states);
        }
        OptionalLong tracked = number("/proc/sys/net/netfilter/nf_conntrack_count");
        OptionalLong max = number("/proc/sys/net/netfilter/nf_conntrack_max");
        if (tracked.isPresent() && max.isPresent()) {
            reading.setNfConntrackEnabled(true)
                    .setNfConntrackCount(tracked.getAsLong())
                    .setNfConntrackMax(max.getAsLong());
        }
        sample.setConnections(reading);
    }

    /**
     * Adds the sockets of one table to {@code counts}; false when the table cannot be read. The table is streamed
     * line by line: on a busy server it holds tens of thousands of sockets.
     */
    private static boolean count(Path table, int[] counts) {
        try (BufferedReader lines = Files.newBufferedReader(table, StandardCharsets.ISO_8859_1)) {
            String line = lines.readLine();
            if (line == null) {
                return true;
            }
            while ((line = lines.readLine()) != null) {
                int state = stateColumn(line);
                if (state > 0 && state < STATES.length) {
                    counts[state]++;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The 4th column ("sl local remote st ..."), a two-digit hex state code, or -1 when the line has none. */
    private static int stateColumn(String line) {
        int column = 0;
        int i = 0;
        int length = line.length();
        while (i < length) {
            while (i < length && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < length && line.charAt(i) != ' ') {
                i++;
            }
            if (i > start && column++ == 3) {
                try {
                    return Integer.parseInt(line, start, i, 16);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private OptionalLong number(String path) {
        return ProcText.firstLine(root.resolve(path)).map(ProcText::unsigned).orElse(OptionalLong.empty());
    }
}
