package io.fleetglance.common.derive;

import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessFacts;
import io.fleetglance.proto.ProcessTable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * What the process list keeps of one table's processes for the next: each process's identity (pid, start time), cpu
 * ticks, last readable io bytes and facts, in columns sorted by pid. A few arrays per table rather than a map entry,
 * a key and a record per process: a hub keeps one of these per host and builds one per sample.
 */
final class KeptProcesses {

    static final KeptProcesses NONE = new KeptProcesses(0);

    private final int[] pid;
    private final long[] startTime;
    private final long[] utime;
    private final long[] stime;
    private final long[] readBytes;
    private final long[] writeBytes;
    private final boolean[] ioKnown;
    private final ProcessFacts[] facts;

    private KeptProcesses(int size) {
        pid = new int[size];
        startTime = new long[size];
        utime = new long[size];
        stime = new long[size];
        readBytes = new long[size];
        writeBytes = new long[size];
        ioKnown = new boolean[size];
        facts = new ProcessFacts[size];
    }

    /**
     * What to keep of {@code table}, whose processes' earlier counters and facts are in {@code before}: the cpu ticks
     * now; the io bytes now, or the last readable ones when io cannot be read now; the facts sent now, or those
     * known.
     */
    static KeptProcesses of(ProcessTable table, KeptProcesses before) {
        int n = table.getProcessesCount();
        KeptProcesses kept = new KeptProcesses(n);
        int[] order = ascending(table) ? null : IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingInt(k -> table.getProcesses(k).getPid()))
                .mapToInt(Integer::intValue).toArray();
        int hint = 0;
        for (int i = 0; i < n; i++) {
            Process process = table.getProcesses(order == null ? i : order[i]);
            int was = before.indexOf(process.getPid(), process.getStartTime(), hint);
            if (was >= 0) {
                hint = was + 1;
            }
            kept.pid[i] = process.getPid();
            kept.startTime[i] = process.getStartTime();
            kept.utime[i] = process.getUtime();
            kept.stime[i] = process.getStime();
            if (process.hasIo()) {
                kept.readBytes[i] = process.getIo().getReadBytes();
                kept.writeBytes[i] = process.getIo().getWriteBytes();
                kept.ioKnown[i] = true;
            } else if (was >= 0) {
                kept.readBytes[i] = before.readBytes[was];
                kept.writeBytes[i] = before.writeBytes[was];
                kept.ioKnown[i] = before.ioKnown[was];
            }
            kept.facts[i] = process.hasFacts() ? process.getFacts() : was >= 0 ? before.facts[was] : null;
        }
        return kept;
    }

    private static boolean ascending(ProcessTable table) {
        for (int k = 1; k < table.getProcessesCount(); k++) {
            if (table.getProcesses(k).getPid() < table.getProcesses(k - 1).getPid()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where process (pid, start time) is kept, or -1: looked for at {@code hint} first (the next index, when the
     * tables are walked in pid order and the same processes live), else by binary search; then among the neighbours
     * of the same pid, should a table have listed a pid twice.
     */
    int indexOf(int pid, long startTime, int hint) {
        int k = hint >= 0 && hint < this.pid.length && this.pid[hint] == pid ? hint
                : Arrays.binarySearch(this.pid, pid);
        if (k < 0 || this.startTime[k] == startTime) {
            return k;
        }
        while (k > 0 && this.pid[k - 1] == pid) {
            k--;
        }
        for (; k < this.pid.length && this.pid[k] == pid; k++) {
            if (this.startTime[k] == startTime) {
                return k;
            }
        }
        return -1;
    }

    long utime(int k) {
        return utime[k];
    }

    long stime(int k) {
        return stime[k];
    }

    long readBytes(int k) {
        return readBytes[k];
    }

    long writeBytes(int k) {
        return writeBytes[k];
    }

    boolean ioKnown(int k) {
        return ioKnown[k];
    }

    /** The facts known of the process kept at {@code k}, or null. */
    ProcessFacts facts(int k) {
        return facts[k];
    }
}
