package io.fleetglance.agent.collect;

import io.fleetglance.proto.IoCounters;
import io.fleetglance.proto.Process;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one process's {@code /proc/<pid>} files into a {@link Process}. It parses bytes in one buffer reused for the
 * whole table. Opening and closing a {@code /proc} file costs several times what reading it does, so the files a scan
 * reads ({@code stat}, {@code statm}, {@code status}, {@code io}, {@code schedstat}) stay open from one scan to the
 * next and are read again in place (a positioned read at 0 makes the kernel write them anew); a descriptor belongs to
 * its process, not to its pid, so once the process ends it fails and a new process of the same pid gets its own.
 * Processes past the descriptors this reader allows itself ({@link #openProcessesLimit}) are read by opening their
 * files each time. What it keeps of a process between scans (its open files, what was read of it) lives in that
 * process's {@link Tracked}, which the caller holds: no lookup by pid.
 * Not thread-safe: one reader per scanning thread; {@link #forget} a process once it is gone.
 */
final class ProcessReader {

    /** statm counts pages; x86-64 and most arm64 kernels use 4 KiB pages, and the JVM cannot ask portably. */
    static final long PAGE_SIZE = 4096;

    /** Command lines can be megabytes; past this the rest is cut, as {@code ps} cuts them. */
    private static final int MAX_FILE_BYTES = 1 << 20;

    /**
     * {@code stat}, {@code statm} and {@code io} are far below this (stat: about 1.2 KB at most); {@code status} is
     * about 1.5 KB, more only with thousands of CPUs in its masks, and is then read as a whole from its path.
     */
    private static final int OPEN_READ_BYTES = 4096;

    private byte[] buffer = new byte[4096];
    /** One builder for every process a scan reads. */
    private final Process.Builder builder = Process.newBuilder();
    private int length;
    /**
     * The resident set {@code stat} gave for the process last read, in bytes. Since Linux 6.2 the kernel keeps a
     * process's memory counters per CPU, and {@code stat} shows their cheap approximate sum while {@code statm} shows
     * the exact one: the two differ by pages for as long as the process does not run. So whether a process's memory
     * changed is told by comparing one {@code stat} with the last {@code stat}; the resident set reported is
     * {@code statm}'s, as psutil's.
     */
    private long statRss;
    /** The bytes of the name {@code stat} gave for the process last read. */
    private byte[] nameBytes;
    /** How many processes' files are open. */
    private int openProcesses;
    /** The process being read: {@code /proc}, its pid, and its directory once made. */
    private Path proc;
    private int pid;
    private Path pidDir;
    private final ByteBuffer direct = ByteBuffer.allocateDirect(OPEN_READ_BYTES);
    private final int openProcessesLimit;

    /** A reader that keeps the files of at most {@link #defaultOpenProcessesLimit()} processes open. */
    ProcessReader() {
        this(defaultOpenProcessesLimit());
    }

    /** A reader that keeps the files of at most {@code openProcessesLimit} processes open (0: none). */
    ProcessReader(int openProcessesLimit) {
        this.openProcessesLimit = Math.max(0, openProcessesLimit);
    }

    /**
     * How many processes' files fit in this process's open-file limit (the JVM raises the soft limit to the hard
     * one) less what the agent needs for everything else (256), at five descriptors a process; 0 when it cannot be
     * read.
     */
    static int defaultOpenProcessesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] columns = line.substring("Max open files".length()).trim().split("\\s+");
                    long soft = "unlimited".equals(columns[0]) ? 1 << 20 : Long.parseLong(columns[0]);
                    return (int) Math.max(0, Math.min(1 << 16, (soft - 256) / 5));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc/self/limits: every file is opened when read
        }
        return 0;
    }

    /**
     * What the agent keeps of one process from one scan to the next, by its pid: the files this reader keeps open
     * for it, what was last read of it, and the start time of the process whose static facts went out with a sample
     * (the collector's).
     */
    static final class Tracked {
        final int pid;
        private OpenFiles files;
        /**
         * The {@code stat} read last and the process it was read into (null: none yet): its figures stand for
         * those of the files a scan skips while the process does not run.
         */
        private byte[] stat;
        private Process process;
        /** The resident set that {@code stat} gave (the process's is {@code statm}'s), and the bytes of its name. */
        private long statRss;
        private byte[] nameBytes;
        /**
         * Its thread's time on a CPU at its last refresh scan ({@link ProcessReader#didNotRunSinceLastRefresh}): -1
         * before the first, {@link #NO_RUN_TIME} where {@code schedstat} does not tell it.
         */
        private long ranNs = -1;
        private static final long NO_RUN_TIME = -2;
        /** The start time of the process whose facts were sent, {@link #NO_FACTS} when none were. */
        long factsSent = NO_FACTS;
        static final long NO_FACTS = -1;

        Tracked(int pid) {
            this.pid = pid;
        }
    }

    /**
     * The process {@code tracked.pid} under {@code proc}, from its {@code stat}, {@code statm}, {@code status} and
     * {@code io}; null when it is gone (or was never readable): those three files are then missing. An unreadable
     * {@code io} (another user's process, or pid 1 under some kernels) only leaves {@code io} unset.
     *
     * <p>Reads no more than {@code stat} when what was read of this very process before (same start time) shows it
     * did not run since: the same cpu ticks, and the same resident set and virtual size in {@code stat}. Its memory
     * figures ({@code statm}) and its {@code io} counters cannot have changed without it running or its memory
     * changing, so they are taken from what was read before, as are its ids ({@code status}) whenever that fits.
     * When not one byte of {@code stat} changed, the very {@link Process} read last is the answer: nothing is parsed
     * or built. {@code refresh} reads every file anyway (the collector's cadence), which bounds how late a counter
     * that moved between two cpu ticks can be; except for a process of one thread whose {@code schedstat} shows that
     * it did not run at all since its last refresh.
     */
    Process read(Path proc, Tracked tracked, boolean refresh) {
        this.proc = proc;
        this.pid = tracked.pid;
        pidDir = null;
        if (tracked.files != null) {
            Process process = readFiles(tracked, tracked.files, refresh);
            if (process != null) {
                return process;
            }
            // its process ended: the pid may now be another process's
            forget(tracked);
        }
        OpenFiles files = openProcesses < openProcessesLimit ? OpenFiles.open(pidDir()) : null;
        if (files != null) {
            tracked.files = files;
            openProcesses++;
        }
        // past the limit, or the files would not open (the process ended, or no descriptor is left): by their paths
        Process process = readFiles(tracked, files, refresh);
        if (process == null) {
            forget(tracked);
        }
        return process;
    }

    /** The directory of the process being read, made only when one of its files is read by its path. */
    private Path pidDir() {
        if (pidDir == null) {
            pidDir = proc.resolve(Integer.toString(pid));
        }
        return pidDir;
    }

    /** Closes the files kept open for {@code tracked} and forgets what was read of it: its process is gone. */
    void forget(Tracked tracked) {
        closeFiles(tracked);
        tracked.stat = null;
        tracked.process = null;
        tracked.nameBytes = null;
        tracked.ranNs = -1;
    }

    /** Closes the files kept open for {@code tracked}, keeping what was read of it. */
    void closeFiles(Tracked tracked) {
        if (tracked.files != null) {
            tracked.files.close();
            tracked.files = null;
            openProcesses--;
        }
    }

    /** How many processes' files are open. */
    int openProcesses() {
        return openProcesses;
    }

    /**
     * Reads the process through its open {@code files}, or by opening each file when {@code files} is null, and
     * keeps in {@code tracked} what the next read needs; null when the process is gone.
     */
    private Process readFiles(Tracked tracked, OpenFiles files, boolean refresh) {
        if (!fetch(files == null ? null : files.stat, "stat")) {
            return null;
        }
        if (tracked.process != null && isSame(tracked.stat, 0, length)
                && (!refresh || didNotRunSinceLastRefresh(tracked, files))) {
            return tracked.process;
        }
        if (tracked.stat == null || tracked.stat.length != length) {
            tracked.stat = new byte[length];
        }
        System.arraycopy(buffer, 0, tracked.stat, 0, length);
        Process.Builder process = builder.clear().setPid(pid);
        if (!readFiles(files, process, tracked, refresh)) {
            return null;
        }
        tracked.process = process.build();
        tracked.statRss = statRss;
        tracked.nameBytes = nameBytes;
        return tracked.process;
    }

    /**
     * The rest of {@link #readFiles(Tracked, OpenFiles, boolean)}, {@code stat} being in the buffer and
     * {@code tracked} still holding what was read before.
     */
    private boolean readFiles(OpenFiles files, Process.Builder process, Tracked tracked, boolean refresh) {
        Process last = tracked.process;
        if (!parseStat(process, last, tracked.nameBytes)) {
            return false;
        }
        statRss = process.getRss();
        Process same = last != null && last.getStartTime() == process.getStartTime() ? last : null;
        if (same != null && !refresh && same.getUtime() + same.getStime() == process.getUtime() + process.getStime()
                && tracked.statRss == statRss && same.getVms() == process.getVms()) {
            // it did not run: statm's figures, the ids and io as read before
            fillIds(process, same);
            process.setRss(same.getRss()).setShared(same.getShared()).setText(same.getText()).setLib(same.getLib())
                    .setData(same.getData()).setDirty(same.getDirty());
            if (same.hasIo()) {
                process.setIo(same.getIo());
            }
            return true;
        }
        if (!fetch(files == null ? null : files.statm, "statm")) {
            return false;
        }
        parseStatm(process);
        if (!readIds(files, process, refresh ? null : same)) {
            return false;
        }
        if (files != null && files.io == null && (same == null || refresh)) {
            // unreadable before (another user's process): tried again when its ids are
            files.io = OpenFiles.openOrNull(pidDir().resolve("io"));
        }
        if (files == null ? load(pidDir().resolve("io")) : files.io != null && reread(files.io)) {
            parseIo(process);
        } else if (files != null && files.io != null) {
            // opened but not readable (pid 1's for root under some kernels: the check is made at each read, and
            // failing it costs an exception): closed, tried again when its ids are
            OpenFiles.closeQuietly(files.io);
            files.io = null;
        }
        return true;
    }

    /**
     * Whether the process of {@code tracked}, which has one thread, did not run at all since its last refresh scan,
     * as its {@code schedstat} tells (its thread's time on a CPU in nanoseconds, exact where {@code stat}'s cpu ticks
     * are sampled): then nothing {@code statm}, {@code status} and {@code io} show can have changed either, and its
     * refresh scan needs {@code stat} alone. Records that time for the next refresh scan otherwise. False for a
     * process of several threads ({@code schedstat} is that of its first thread), for one read by its paths, and
     * where the kernel keeps no such time ({@code 0 0 0}).
     */
    private boolean didNotRunSinceLastRefresh(Tracked tracked, OpenFiles files) {
        if (files == null || tracked.process.getNumThreads() != 1 || tracked.ranNs == Tracked.NO_RUN_TIME) {
            return false;
        }
        if (files.schedstat == null) {
            files.schedstat = OpenFiles.openOrNull(pidDir().resolve("schedstat"));
        }
        long ranNs = files.schedstat == null ? -1 : firstNumber(files.schedstat);
        if (ranNs <= 0) {
            tracked.ranNs = Tracked.NO_RUN_TIME;
            return false;
        }
        boolean same = ranNs == tracked.ranNs;
        tracked.ranNs = ranNs;
        return same;
    }

    /** The unsigned number that {@code channel} starts with, read from its start, or -1. */
    private long firstNumber(FileChannel channel) {
        direct.clear();
        try {
            int read = channel.read(direct, 0);
            long value = 0;
            int i = 0;
            for (; i < read && i < 19; i++) {
                int digit = direct.get(i) - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                value = value * 10 + digit;
            }
            return i > 0 && i < read && direct.get(i) == ' ' ? value : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void fillIds(Process.Builder process, Process from) {
        process.setUidReal(from.getUidReal()).setUidEffective(from.getUidEffective()).setUidSaved(from.getUidSaved())
                .setGidReal(from.getGidReal()).setGidEffective(from.getGidEffective()).setGidSaved(from.getGidSaved());
    }

    /** Reads {@code open} again, or the file {@code name} of the process when it is not open. */
    private boolean fetch(FileChannel open, String name) {
        return open != null ? reread(open) : load(pidDir().resolve(name));
    }

    /** Reads the ids of {@code status}, or takes those of {@code known} (the same process, read before). */
    private boolean readIds(OpenFiles files, Process.Builder process, Process known) {
        if (known != null) {
            fillIds(process, known);
            return true;
        }
        // a status too large for the read buffer, or a process that ended: read by its path, which tells them apart
        if (!(files != null && reread(files.status)) && !load(pidDir().resolve("status"))) {
            return false;
        }
        parseStatus(process);
        return true;
    }

    /**
     * Reads {@code channel} again from its start into the buffer: false when its process ended (or the file cannot
     * be read), or when it fills the read buffer, which no {@code stat}, {@code statm} or {@code io} of a kernel does.
     */
    private boolean reread(FileChannel channel) {
        direct.clear();
        try {
            int read = channel.read(direct, 0);
            if (read <= 0 || read >= OPEN_READ_BYTES) {
                return false;
            }
            direct.flip();
            direct.get(buffer, 0, read);
            length = read;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The files of one process that scans read; {@code io} is null when it cannot be read, {@code schedstat} until
     * a refresh scan reads it.
     */
    private static final class OpenFiles {
        final FileChannel stat;
        final FileChannel statm;
        final FileChannel status;
        FileChannel io;
        FileChannel schedstat;

        private OpenFiles(FileChannel stat, FileChannel statm, FileChannel status, FileChannel io) {
            this.stat = stat;
            this.statm = statm;
            this.status = status;
            this.io = io;
        }

        /** The files of the process of {@code pidDir}, or null when it is gone (or out of descriptors). */
        static OpenFiles open(Path pidDir) {
            FileChannel stat = openOrNull(pidDir.resolve("stat"));
            FileChannel statm = stat == null ? null : openOrNull(pidDir.resolve("statm"));
            FileChannel status = statm == null ? null : openOrNull(pidDir.resolve("status"));
            if (status == null) {
                closeQuietly(stat);
                closeQuietly(statm);
                return null;
            }
            return new OpenFiles(stat, statm, status, openOrNull(pidDir.resolve("io")));
        }

        static FileChannel openOrNull(Path file) {
            try {
                return FileChannel.open(file);
            } catch (IOException | SecurityException | UnsupportedOperationException e) {
                return null;
            }
        }

        void close() {
            closeQuietly(stat);
            closeQuietly(statm);
            closeQuietly(status);
            closeQuietly(io);
            closeQuietly(schedstat);
        }

        static void closeQuietly(FileChannel channel) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // a /proc file: nothing was written
                }
            }
        }
    }

    /**
     * The command line as psutil splits it ({@link CommandLine}), or null when the process is gone. Kernel threads
     * and zombies have none.
     */
    List<String> cmdline(Path pidDir) {
        if (!load(pidDir.resolve("cmdline"))) {
            return null;
        }
        return CommandLineSecrets.mask(CommandLine.split(buffer, length));
    }

    private boolean load(Path file) {
        length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (length < MAX_FILE_BYTES) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_FILE_BYTES));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Parses {@code stat}. The name sits in parentheses and may itself hold spaces and ')' ({@code "a) b"}), so the
     * fields start after the last ')' of the line. Field numbers below are those of proc(5), starting at 1 for pid.
     */
    private boolean parseStat(Process.Builder process, Process last, byte[] lastName) {
        int open = indexOf((byte) '(', 0);
        int close = lastIndexOf((byte) ')');
        if (open < 0 || close < open) {
            return false;
        }
        if (last != null && isSame(lastName, open + 1, close)) {
            nameBytes = lastName; // the name read before, not decoded again
            process.setName(last.getName());
        } else {
            nameBytes = Arrays.copyOfRange(buffer, open + 1, close);
            process.setName(new String(nameBytes, StandardCharsets.UTF_8));
        }
        int i = skipSpaces(close + 1);
        if (i >= length) {
            return false;
        }
        process.setState(state(buffer[i]));
        i++;
        // one pass over the ~50 fields, the wanted ones parsed as they go by (the hottest loop of a scan)
        byte[] bytes = buffer;
        int end = length;
        int field = 3;
        while (field < 42) {
            while (i < end && (bytes[i] == ' ' || bytes[i] == '\t')) {
                i++;
            }
            if (i >= end || bytes[i] == '\n') {
                break;
            }
            field++;
            int token = i;
            while (i < end && bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\n') {
                i++;
            }
            if ((WANTED_FIELDS & (1L << field)) != 0) {
                long value = parseLong(token, i);
                if (value == Long.MIN_VALUE) {
                    return false;
                }
                store(process, field, value);
            }
        }
        // Fields up to starttime (22) are there since Linux 2.0; later ones (processor, blkio) may be absent.
        return field >= 22;
    }

    /** The fields of {@code stat} the table uses, as bits by field number: those {@link #store} takes. */
    private static final long WANTED_FIELDS = bits(4, 14, 15, 16, 17, 19, 20, 22, 23, 24, 39, 42);

    private static long bits(int... fields) {
        long bits = 0;
        for (int field : fields) {
            bits |= 1L << field;
        }
        return bits;
    }

    /** The states of proc(5), one letter each, as strings made once. */
    private static final String[] STATES = new String[128];

    static {
        for (char c : "RSDZTtWXxKPI".toCharArray()) {
            STATES[c] = String.valueOf(c);
        }
    }

    private static String state(byte letter) {
        String known = letter >= 0 ? STATES[letter] : null;
        return known != null ? known : String.valueOf((char) (letter & 0xff));
    }

    /** Whether {@code bytes} are those of {@code buffer[from, to)}. */
    private boolean isSame(byte[] bytes, int from, int to) {
        if (bytes.length != to - from) {
            return false;
        }
        for (int k = 0; k < bytes.length; k++) {
            if (buffer[from + k] != bytes[k]) {
                return false;
            }
        }
        return true;
    }

    private static void store(Process.Builder process, int field, long value) {
        switch (field) {
            case 4 -> process.setPpid((int) value);
            case 14 -> process.setUtime(value);
            case 15 -> process.setStime(value);
            case 16 -> process.setCutime(value);
            case 17 -> process.setCstime(value);
            case 19 -> process.setNice((int) value);
            case 20 -> process.setNumThreads((int) value);
            case 22 -> process.setStartTime(value);
            // vsize in bytes and rss in pages: what statm's first two columns say, read here so that a process
            // that did not run needs no statm
            case 23 -> process.setVms(value);
            case 24 -> process.setRss(value * PAGE_SIZE);
            case 39 -> process.setCpuNum((int) value);
            case 42 -> process.setBlkioTicks(value);
            default -> {
            }
        }
    }

    /** statm: size resident shared text lib data dt, in pages. A short or broken file leaves the rest at 0. */
    private void parseStatm(Process.Builder process) {
        long[] pages = new long[7];
        int i = 0;
        for (int column = 0; column < pages.length; column++) {
            i = skipSpaces(i);
            if (i >= length || buffer[i] == '\n') {
                break;
            }
            int end = tokenEnd(i);
            long value = parseLong(i, end);
            pages[column] = value == Long.MIN_VALUE ? 0 : value;
            i = end;
        }
        process.setVms(pages[0] * PAGE_SIZE)
                .setRss(pages[1] * PAGE_SIZE)
                .setShared(pages[2] * PAGE_SIZE)
                .setText(pages[3] * PAGE_SIZE)
                .setLib(pages[4] * PAGE_SIZE)
                .setData(pages[5] * PAGE_SIZE)
                .setDirty(pages[6] * PAGE_SIZE);
    }

    /** status: the real, effective and saved ids of the {@code Uid:} and {@code Gid:} lines. */
    private void parseStatus(Process.Builder process) {
        boolean uids = false;
        boolean gids = false;
        int line = 0;
        while (line < length && !(uids && gids)) {
            int end = indexOf((byte) '\n', line);
            if (end < 0) {
                end = length;
            }
            if (startsWith(line, "Uid:")) {
                long[] ids = ids(line + 4, end);
                if (ids != null) {
                    process.setUidReal((int) ids[0]).setUidEffective((int) ids[1]).setUidSaved((int) ids[2]);
                }
                uids = true;
            } else if (startsWith(line, "Gid:")) {
                long[] ids = ids(line + 4, end);
                if (ids != null) {
                    process.setGidReal((int) ids[0]).setGidEffective((int) ids[1]).setGidSaved((int) ids[2]);
                }
                gids = true;
            }
            line = end + 1;
        }
    }

    private long[] ids(int from, int lineEnd) {
        long[] ids = new long[3];
        int i = from;
        for (int column = 0; column < ids.length; column++) {
            i = skipSpaces(i);
            if (i >= lineEnd) {
                return null;
            }
            int end = tokenEnd(i);
            ids[column] = parseLong(i, end);
            if (ids[column] < 0) {
                return null;
            }
            i = end;
        }
        return ids;
    }

    /** io: the bytes that really reached or came from storage (not rchar/wchar, which count page-cache hits). */
    private void parseIo(Process.Builder process) {
        IoCounters.Builder io = IoCounters.newBuilder();
        int line = 0;
        while (line < length) {
            int end = indexOf((byte) '\n', line);
            if (end < 0) {
                end = length;
            }
            if (startsWith(line, "read_bytes:")) {
                io.setReadBytes(counter(line + 11, end));
            } else if (startsWith(line, "write_bytes:")) {
                io.setWriteBytes(counter(line + 12, end));
            }
            line = end + 1;
        }
        process.setIo(io);
    }

    private long counter(int from, int lineEnd) {
        int i = skipSpaces(from);
        long value = i < lineEnd ? parseLong(i, tokenEnd(i)) : Long.MIN_VALUE;
        return value < 0 ? 0 : value;
    }

    private boolean startsWith(int at, String prefix) {
        if (at + prefix.length() > length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (buffer[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte b, int from) {
        for (int i = from; i < length; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int lastIndexOf(byte b) {
        for (int i = length - 1; i >= 0; i--) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int skipSpaces(int i) {
        while (i < length && (buffer[i] == ' ' || buffer[i] == '\t')) {
            i++;
        }
        return i;
    }

    private int tokenEnd(int i) {
        while (i < length && buffer[i] != ' ' && buffer[i] != '\t' && buffer[i] != '\n') {
            i++;
        }
        return i;
    }

    /** A signed decimal of at most 18 digits, or {@link Long#MIN_VALUE} when the token is not one. */
    private long parseLong(int from, int to) {
        boolean negative = from < to && buffer[from] == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 18) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = buffer[i] - '0';
            if (digit < 0 || digit > 9) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }
}
