package io.fleetglance.agent.collect;

import io.fleetglance.proto.ProcessExtended;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** Reads the extended stats Glances shows for one chosen process: fds, context switches, affinity, swap, sockets. */
final class ExtendedStatsReader {

    private ExtendedStatsReader() {
    }

    /** Reads the extended stats of the process in {@code pidDir}; whatever cannot be read stays 0 or empty. */
    static ProcessExtended read(Path pidDir, int pid, long startTime) {
        ProcessExtended.Builder extended = ProcessExtended.newBuilder().setPid(pid).setStartTime(startTime);
        ProcText.read(pidDir.resolve("status")).ifPresent(status -> readStatus(status, extended));
        Set<Long> sockets = new HashSet<>();
        extended.setNumFds(readFds(pidDir.resolve("fd"), sockets));
        if (!sockets.isEmpty()) {
            // The process's own view of the network: its namespace may not be the agent's.
            Path net = pidDir.resolve("net");
            extended.setTcp(socketsIn(net, sockets, "tcp", "tcp6"));
            extended.setUdp(socketsIn(net, sockets, "udp", "udp6"));
        }
        // ionice needs the ioprio_get system call, which the JVM cannot make; class and value stay 0.
        return extended.build();
    }

    private static void readStatus(String status, ProcessExtended.Builder extended) {
        for (String line : ProcText.lines(status)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon);
            List<String> value = ProcText.columns(line.substring(colon + 1));
            if (value.isEmpty()) {
                continue;
            }
            switch (key) {
                case "voluntary_ctxt_switches" ->
                        ProcText.unsigned(value.get(0)).ifPresent(extended::setCtxVoluntary);
                case "nonvoluntary_ctxt_switches" ->
                        ProcText.unsigned(value.get(0)).ifPresent(extended::setCtxInvoluntary);
                case "VmSwap" -> ProcText.unsigned(value.get(0)).ifPresent(kb -> extended.setMemorySwap(kb * 1024));
                case "Cpus_allowed_list" -> extended.addAllCpuAffinity(cpuList(value.get(0)));
                default -> {
                }
            }
        }
    }

    /** Expands a kernel cpu list such as {@code 0-3,8,10-11}; a broken list gives the CPUs read before the break. */
    static List<Integer> cpuList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            OptionalLong first = ProcText.unsigned(dash < 0 ? part : part.substring(0, dash));
            OptionalLong last = dash < 0 ? first : ProcText.unsigned(part.substring(dash + 1));
            if (first.isEmpty() || last.isEmpty() || last.getAsLong() < first.getAsLong()
                    || last.getAsLong() > 65535) {
                break;
            }
            for (long cpu = first.getAsLong(); cpu <= last.getAsLong(); cpu++) {
                cpus.add((int) cpu);
            }
        }
        return cpus;
    }

    /** Counts the entries of {@code fdDir}, collecting the inodes of those that are sockets; 0 when unreadable. */
    private static int readFds(Path fdDir, Set<Long> sockets) {
        int count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                count++;
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        ProcText.unsigned(target.substring(8, target.length() - 1)).ifPresent(sockets::add);
                    }
                } catch (IOException | UnsupportedOperationException | SecurityException e) {
                    // The fd was closed while listed: it is still counted, as it was open when listed.
                }
            }
        } catch (IOException | SecurityException e) {
            return 0;
        }
        return count;
    }

    /** How many rows of the given {@code /proc/<pid>/net} tables belong to one of {@code sockets} (by inode). */
    private static int socketsIn(Path net, Set<Long> sockets, String... tables) {
        int count = 0;
        for (String table : tables) {
            String text = ProcText.read(net.resolve(table)).orElse("");
            List<String> lines = ProcText.lines(text);
            // Row: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            for (int row = 1; row < lines.size(); row++) {
                List<String> columns = ProcText.columns(lines.get(row));
                if (columns.size() > 9) {
                    OptionalLong inode = ProcText.unsigned(columns.get(9));
                    if (inode.isPresent() && sockets.contains(inode.getAsLong())) {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
