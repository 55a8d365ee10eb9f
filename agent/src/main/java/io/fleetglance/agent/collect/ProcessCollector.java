package io.fleetglance.agent.collect;

import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessFacts;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Reads the whole process table from {@code /proc} for the processcount, processlist and programlist plugins, and the
 * extended stats of one process when the hub asks for them.
 *
 * <p>Static facts (command line, user name) are sent once per process, identified by (pid, start time); the hub keeps
 * them. When samples may have been lost (a reconnect, a dropped sample), {@link #forgetSentFacts()} makes the next
 * sample carry every process's facts again. {@link #collect} is called by one sampling thread; {@link
 * #forgetSentFacts()} and {@link #setExtendedPid(int)} may be called from any thread.
 */
public final class ProcessCollector implements Collector {

    /** USER_HZ: the unit of the cpu times of {@code stat}; 100 on every Linux ABI the agent runs on. */
    static final long CLOCK_TICKS = 100;

    private final HostRoot root;
    private final ProcessReader reader = new ProcessReader();
    /**
     * What is kept of each process of the last scan, in ascending pid order as {@code /proc} is listed, so that a scan
     * walks it beside the new listing and finds each process's entry without a lookup: its open files, what was read
     * of it, whether its facts went out ({@link ProcessReader.Tracked}). A process that did not run since the last
     * scan (same cpu ticks, resident set and virtual size) is read from {@code stat} alone, the rest taken from what
     * was read before; and ids change only when a process calls setuid/setgid, so {@code status} is skipped too.
     * Every process's files are read again one scan in {@value #REFRESH_SCANS} (staggered by pid): a fraction of the
     * reads a scan made, at the price of ids at most that many samples late after a setuid, and of io counters at
     * most that late for a process that did I/O between two cpu ticks.
     */
    private ProcessReader.Tracked[] tracked = new ProcessReader.Tracked[0];
    /** The scans made, modulo {@link #REFRESH_SCANS}. */
    private int scans;
    static final int REFRESH_SCANS = 8;
    /**
     * Listing {@code /proc} costs about a fifth of a scan of sleeping processes. A process can only appear with a
     * new pid, and the kernel tells the pid it gave last ({@link #newestPid}): while that stays the same, no process
     * appeared and the scan reads the processes of the last one (those that ended fail to read and drop out). Every
     * {@value #REFRESH_SCANS}th scan lists {@code /proc} anyway. The newest pid when {@code /proc} was last listed,
     * read before listing it, or -1.
     */
    private long listedAtNewestPid = -1;
    private int pidMax = -1;
    private FileChannel loadavg;
    private boolean loadavgTried;
    private final ByteBuffer loadavgBuffer = ByteBuffer.allocate(128);
    private final AtomicBoolean factsForgotten = new AtomicBoolean();
    private volatile int extendedPid;
    private final Supplier<Optional<MemInfo>> meminfo;

    /** A collector reading {@code /proc} and {@code /etc/passwd} under {@code root}. */
    public ProcessCollector(HostRoot root) {
        this(root, MemInfo.reader(root));
    }

    /** A collector taking {@code /proc/meminfo} from {@code meminfo}, which other collectors of a sample share. */
    ProcessCollector(HostRoot root, Supplier<Optional<MemInfo>> meminfo) {
        this.root = root;
        this.meminfo = meminfo;
    }

    @Override
    public List<String> plugins() {
        return List.of("processcount", "processlist", "programlist");
    }

    /** Makes the next {@link #collect} send the facts of every process, as if none had been sent yet. */
    public void forgetSentFacts() {
        factsForgotten.set(true);
    }

    /** Collects the extended stats of {@code pid} in every following sample while it exists; 0 stops it. */
    public void setExtendedPid(int pid) {
        if (pid < 0) {
            throw new IllegalArgumentException("extended stats pid must be 0 (off) or a process id, got " + pid);
        }
        extendedPid = pid;
    }

    /** The pid whose extended stats are collected, 0 when none. */
    public int extendedPid() {
        return extendedPid;
    }

    @Override
    public void collect(Sample.Builder sample) {
        Path proc = root.resolve("/proc");
        int scan = scans;
        scans = (scans + 1) % REFRESH_SCANS;
        long newestPid = newestPid(proc);
        int[] pids = newestPid >= 0 && newestPid == listedAtNewestPid && scan != 0 ? trackedPids() : listPids(proc);
        listedAtNewestPid = pids == null ? -1 : newestPid;
        if (pids == null) {
            for (ProcessReader.Tracked t : tracked) {
                reader.closeFiles(t);
            }
            return;
        }
        if (factsForgotten.getAndSet(false)) {
            for (ProcessReader.Tracked t : tracked) {
                t.factsSent = ProcessReader.Tracked.NO_FACTS;
            }
        }
        int wantedExtended = extendedPid;
        ProcessTable.Builder table = ProcessTable.newBuilder()
                .setPidMax(pidMax(scan))
                .setClockTicks(CLOCK_TICKS)
                .setPageSize(ProcessReader.PAGE_SIZE)
                .setMemTotal(meminfo.get().map(info -> info.getOrZero("MemTotal")).orElse(0L));
        ProcessReader.Tracked[] before = tracked;
        ProcessReader.Tracked[] now = new ProcessReader.Tracked[pids.length];
        int kept = 0;
        int next = 0; // the first process of the last scan not met yet
        UserNames users = null;
        for (int pid : pids) {
            while (next < before.length && before[next].pid < pid) {
                reader.forget(before[next++]); // ended
            }
            ProcessReader.Tracked entry = next < before.length && before[next].pid == pid
                    ? before[next++] : new ProcessReader.Tracked(pid);
            boolean refresh = (pid + scan) % REFRESH_SCANS == 0;
            Process process = reader.read(proc, entry, refresh);
            if (process == null) {
                continue;
            }
            long startTime = process.getStartTime();
            if (entry.factsSent != startTime) {
                List<String> cmdline = reader.cmdline(proc.resolve(Integer.toString(pid)));
                if (cmdline == null) {
                    reader.forget(entry);
                    continue;
                }
                if (users == null) {
                    // Read passwd only in scans that meet new processes, and then once.
                    users = UserNames.read(root);
                }
                table.addProcesses(process.toBuilder().setFacts(ProcessFacts.newBuilder()
                        .addAllCmdline(cmdline)
                        .setUsername(users.name(process.getUidReal()))));
                entry.factsSent = startTime;
            } else {
                table.addProcesses(process);
            }
            now[kept++] = entry;
            if (pid == wantedExtended) {
                table.setExtended(ExtendedStatsReader.read(proc.resolve(Integer.toString(pid)), pid, startTime));
            }
        }
        while (next < before.length) {
            reader.forget(before[next++]);
        }
        tracked = kept == now.length ? now : Arrays.copyOf(now, kept);
        sample.setProcesses(table);
    }

    /** How many processes' files the collector keeps open between scans. */
    int openProcesses() {
        return reader.openProcesses();
    }

    /** The pids of the processes of the last scan, in ascending order. */
    private int[] trackedPids() {
        int[] pids = new int[tracked.length];
        for (int i = 0; i < pids.length; i++) {
            pids[i] = tracked[i].pid;
        }
        return pids;
    }

    /**
     * The pid given last to a new process or thread (the fifth field of {@code /proc/loadavg}), or -1 when that does
     * not tell whether {@code proc} lists new processes: the kernel gives it for the pid namespace of the process
     * that reads it, so it is used only when {@code proc} belongs to the agent's own namespace (its {@code self} is
     * the agent's pid).
     */
    private long newestPid(Path proc) {
        if (loadavg == null) {
            if (loadavgTried) {
                return -1;
            }
            loadavgTried = true;
            try {
                if (!Files.readSymbolicLink(proc.resolve("self")).toString()
                        .equals(Long.toString(ProcessHandle.current().pid()))) {
                    return -1;
                }
                loadavg = FileChannel.open(proc.resolve("loadavg"));
            } catch (IOException | RuntimeException e) {
                return -1; // no such link or file (a copied /proc): /proc is listed at every scan
            }
        }
        try {
            loadavgBuffer.clear();
            int read = loadavg.read(loadavgBuffer, 0);
            if (read <= 0 || read >= loadavgBuffer.capacity()) {
                return -1;
            }
            String text = new String(loadavgBuffer.array(), 0, read, StandardCharsets.US_ASCII).strip();
            return ProcText.unsigned(text.substring(text.lastIndexOf(' ') + 1)).orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The pids of {@code /proc}, in ascending order, or null when it cannot be listed. */
    private static int[] listPids(Path proc) {
        // File.list gives the names alone: no Path made per entry, as a DirectoryStream does (two, and the name)
        String[] names;
        try {
            names = proc.toFile().list();
        } catch (SecurityException | UnsupportedOperationException e) {
            return null;
        }
        if (names == null) {
            return null;
        }
        int[] pids = new int[names.length];
        int count = 0;
        for (String name : names) {
            int pid = pid(name);
            if (pid > 0) {
                pids[count++] = pid;
            }
        }
        int[] sorted = Arrays.copyOf(pids, count);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The pid a {@code /proc} entry name stands for, or -1 for the other entries ({@code self}, {@code net}...). */
    private static int pid(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    /** {@code pid_max}, read again every {@value #REFRESH_SCANS}th scan: a sysctl set at boot, if ever. */
    private int pidMax(int scan) {
        if (scan == 0 || pidMax < 0) {
            pidMax = (int) readPidMax();
        }
        return pidMax;
    }

    private long readPidMax() {
        OptionalLong pidMax = ProcText.firstLine(root.resolve("/proc/sys/kernel/pid_max"))
                .map(ProcText::unsigned)
                .orElse(OptionalLong.empty());
        return pidMax.isPresent() && pidMax.getAsLong() <= Integer.MAX_VALUE ? pidMax.getAsLong() : 0;
    }
}
