package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Process;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's open files: read again in place, fresh every time, closed with their process, on real /proc too. */
class ProcessReaderTest {

    @TempDir
    Path scratch;

    /** Reads every file of the process of {@code tracked} under {@code proc}, which must be there. */
    private static Process read(ProcessReader reader, Path proc, ProcessReader.Tracked tracked) {
        Process process = reader.read(proc, tracked, true);
        assertNotNull(process, "process " + tracked.pid + " read");
        return process;
    }

    private static List<Integer> pids(Path proc) throws Exception {
        try (var entries = Files.list(proc)) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> name.matches("\\d+"))
                    .map(Integer::valueOf).sorted().toList();
        }
    }

    /**
     * Adds {@code delta} to the field of {@code stat} at {@code index} after the name (0: the state), rewriting the
     * file in place as the kernel writes it anew at every read.
     */
    private static void addToStatField(Path stat, int index, long delta) throws Exception {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        fields[index] = Long.toString(Long.parseLong(fields[index]) + delta);
        Files.writeString(stat, text.substring(0, text.lastIndexOf(')') + 2) + String.join(" ", fields));
    }

    @Test
    void readsWhatTheFilesSayNowThroughFilesKeptOpen() throws Exception {
        HostRoot root = Fixtures.copy(Fixtures.DEBIAN_VM, scratch);
        Path proc = root.resolve("/proc");
        ProcessReader reader = new ProcessReader(10);
        ProcessReader.Tracked tracked = new ProcessReader.Tracked(3900);
        Process first = read(reader, proc, tracked);
        assertEquals(1, reader.openProcesses());

        addToStatField(proc.resolve("3900/stat"), 11, 250); // utime
        Process second = read(reader, proc, tracked);

        assertEquals(first.getUtime() + 250, second.getUtime());
        assertEquals(first.toBuilder().setUtime(second.getUtime()).build(), second);
        assertEquals(1, reader.openProcesses(), "the same files, read again");
    }

    @Test
    void answersTheProcessReadLastWhileNotOneByteOfStatChanged() throws Exception {
        HostRoot root = Fixtures.copy(Fixtures.DEBIAN_VM, scratch);
        Path proc = root.resolve("/proc");
        Path stat = proc.resolve("3900/stat");
        ProcessReader reader = new ProcessReader(10);
        ProcessReader.Tracked tracked = new ProcessReader.Tracked(3900);
        Process first = read(reader, proc, tracked);
        assertSame(first, reader.read(proc, tracked, false), "nothing parsed, nothing built");

        // its refresh reads every file again, and finds the same
        Process refreshed = reader.read(proc, tracked, true);
        assertNotSame(first, refreshed);
        assertEquals(first, refreshed);

        // one field that the table does not use (minflt) moved: read again, the same figures
        addToStatField(stat, 7, 1);
        Process moved = reader.read(proc, tracked, false);
        assertNotSame(refreshed, moved);
        assertEquals(first, moved);
        assertSame(moved, reader.read(proc, tracked, false));
    }

    @Test
    void showsTheNameStatGivesNowWhenAProcessRenamesItselfWithoutRunning() throws Exception {
        HostRoot root = Fixtures.copy(Fixtures.DEBIAN_VM, scratch);
        Path proc = root.resolve("/proc");
        Path stat = proc.resolve("3900/stat");
        String text = Files.readString(stat);
        String name = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
        ProcessReader reader = new ProcessReader(10);
        ProcessReader.Tracked tracked = new ProcessReader.Tracked(3900);
        assertEquals(name, read(reader, proc, tracked).getName());

        // prctl(PR_SET_NAME): same length, other bytes, then a name in UTF-8; the rest of stat unchanged
        for (String renamed : List.of("x".repeat(name.length()), "dämon (ü) x")) {
            Files.writeString(stat, text.replace("(" + name + ")", "(" + renamed + ")"));
            for (int again = 0; again < 2; again++) {
                assertEquals(renamed, reader.read(proc, tracked, false).getName());
            }
        }
    }

    @Test
    void readsAStatusTooLargeForTheKeptBufferByItsPath() throws Exception {
        HostRoot root = Fixtures.copy(Fixtures.DEBIAN_VM, scratch);
        Path proc = root.resolve("/proc");
        Path status = proc.resolve("3900/status");
        ProcessReader reader = new ProcessReader(10);
        ProcessReader.Tracked tracked = new ProcessReader.Tracked(3900);
        Process first = read(reader, proc, tracked);
        assertEquals(1, reader.openProcesses());
        // as on a machine with thousands of CPUs: masks longer than the buffer, the ids after them
        String text = Files.readString(status);
        String masks = "Cpus_allowed:\t" + "ff,".repeat(2000) + "ff\n";
        Files.writeString(status, masks + text.replaceAll("Uid:\\s.*", "Uid:\t4242\t4242\t4242\t4242"));
        assertTrue(Files.size(status) > 4096);
        Process second = read(reader, proc, tracked);
        assertEquals(4242, second.getUidReal());
        assertEquals(first.toBuilder().setUidReal(4242).setUidEffective(4242).setUidSaved(4242).build(), second);
    }

    @Test
    void readsTheSameWithAndWithoutOpenFiles() throws Exception {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        Path proc = root.resolve("/proc");
        ProcessReader open = new ProcessReader(1000);
        ProcessReader closed = new ProcessReader(0);
        List<Integer> pids = pids(proc);
        assertFalse(pids.isEmpty());
        Map<Integer, ProcessReader.Tracked> inOpen = new HashMap<>();
        Map<Integer, ProcessReader.Tracked> inClosed = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int pid : pids) {
                // the first round reads every file, the others what a scan reads of a process that did not run
                boolean refresh = round == 0;
                assertEquals(closed.read(proc, inClosed.computeIfAbsent(pid, ProcessReader.Tracked::new), refresh),
                        open.read(proc, inOpen.computeIfAbsent(pid, ProcessReader.Tracked::new), refresh),
                        "pid " + pid);
            }
        }
        assertEquals(0, closed.openProcesses());
        assertTrue(open.openProcesses() > 0);
    }

    @Test
    void keepsNoMoreProcessesOpenThanItsLimitAndClosesThoseNotRetained() throws Exception {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        Path proc = root.resolve("/proc");
        ProcessReader reader = new ProcessReader(2);
        List<Integer> pids = pids(proc);
        assertTrue(pids.size() > 2);
        List<ProcessReader.Tracked> read = new ArrayList<>();
        for (int pid : pids) {
            // the fixture holds processes that vanished or are malformed, too
            ProcessReader.Tracked tracked = new ProcessReader.Tracked(pid);
            if (reader.read(proc, tracked, true) != null) {
                read.add(tracked);
            }
        }
        assertTrue(read.size() > 2, "read " + read.size());
        assertEquals(2, reader.openProcesses(), "the rest were read by opening their files");

        read.forEach(reader::forget);
        assertEquals(0, reader.openProcesses());
    }

    @Test
    void followsARealProcessAndFailsOnceItEnded() throws Exception {
        java.lang.Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            ProcessReader reader = new ProcessReader(10);
            int pid = (int) busy.pid();
            Path proc = Path.of("/proc");
            ProcessReader.Tracked tracked = new ProcessReader.Tracked(pid);
            Process first = read(reader, proc, tracked);
            long cpu = first.getUtime() + first.getStime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Process later = first;
            while (later.getUtime() + later.getStime() <= cpu + 5 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                later = read(reader, proc, tracked);
            }
            assertTrue(later.getUtime() + later.getStime() > cpu + 5,
                    "the open stat shows the cpu time the process spends: " + cpu + " then "
                            + (later.getUtime() + later.getStime()));
            assertEquals(first.getStartTime(), later.getStartTime());
            assertEquals(1, reader.openProcesses());

            busy.destroyForcibly();
            busy.waitFor(10, TimeUnit.SECONDS);
            // reaped: its descriptors fail instead of showing the dead process, and nothing stays open for it
            assertNull(reader.read(proc, tracked, false));
            assertEquals(0, reader.openProcesses());
        } finally {
            busy.destroyForcibly();
        }
    }
}
