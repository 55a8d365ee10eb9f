package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Process;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's open files: read again in place, fresh every time, closed with their process, on real /proc too. */
class ProcessReaderTest {

    @TempDir
    Path scratch;

    private static Process read(ProcessReader reader, Path pidDir, int pid) {
        Process.Builder process = Process.newBuilder();
        assertTrue(reader.read(pidDir, pid, process), "process " + pid + " read");
        return process.build();
    }

    @Test
    void readsWhatTheFilesSayNowThroughFilesKeptOpen() throws Exception {
        HostRoot root = Fixtures.copy(Fixtures.DEBIAN_VM, scratch);
        Path pidDir = root.resolve("/proc/3900");
        try (ProcessReader reader = new ProcessReader(10)) {
            Process first = read(reader, pidDir, 3900);
            assertEquals(1, reader.openProcesses());

            // the kernel writes the file anew at every read: here, the file is rewritten in place
            Path stat = pidDir.resolve("stat");
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            fields[11] = Long.toString(utime + 250);
            Files.writeString(stat, text.substring(0, text.lastIndexOf(')') + 2) + String.join(" ", fields));
            Process second = read(reader, pidDir, 3900);

            assertEquals(first.getUtime() + 250, second.getUtime());
            assertEquals(first.toBuilder().setUtime(second.getUtime()).build(), second);
            assertEquals(1, reader.openProcesses(), "the same files, read again");
        }
    }

    @Test
    void readsAStatusTooLargeForTheKeptBufferByItsPath() throws Exception {
        HostRoot root = Fixtures.copy(Fixtures.DEBIAN_VM, scratch);
        Path pidDir = root.resolve("/proc/3900");
        Path status = pidDir.resolve("status");
        try (ProcessReader reader = new ProcessReader(10)) {
            Process first = read(reader, pidDir, 3900);
            assertEquals(1, reader.openProcesses());
            // as on a machine with thousands of CPUs: masks longer than the buffer, the ids after them
            String text = Files.readString(status);
            String masks = "Cpus_allowed:\t" + "ff,".repeat(2000) + "ff\n";
            Files.writeString(status, masks + text.replaceAll("Uid:\\s.*", "Uid:\t4242\t4242\t4242\t4242"));
            assertTrue(Files.size(status) > 4096);
            Process second = read(reader, pidDir, 3900);
            assertEquals(4242, second.getUidReal());
            assertEquals(first.toBuilder().setUidReal(4242).setUidEffective(4242).setUidSaved(4242).build(), second);
        }
    }

    @Test
    void readsTheSameWithAndWithoutOpenFiles() throws Exception {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        try (ProcessReader open = new ProcessReader(1000); ProcessReader closed = new ProcessReader(0);
                var entries = Files.list(root.resolve("/proc"))) {
            List<Path> pidDirs = entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
            assertFalse(pidDirs.isEmpty());
            for (int round = 0; round < 2; round++) {
                for (Path pidDir : pidDirs) {
                    int pid = Integer.parseInt(pidDir.getFileName().toString());
                    Process.Builder a = Process.newBuilder();
                    Process.Builder b = Process.newBuilder();
                    assertEquals(closed.read(pidDir, pid, b), open.read(pidDir, pid, a), pidDir.toString());
                    assertEquals(b.build(), a.build(), pidDir.toString());
                }
            }
            assertEquals(0, closed.openProcesses());
            assertTrue(open.openProcesses() > 0);
        }
    }

    @Test
    void keepsNoMoreProcessesOpenThanItsLimitAndClosesThoseNotRetained() throws Exception {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        try (ProcessReader reader = new ProcessReader(2); var entries = Files.list(root.resolve("/proc"))) {
            List<Path> pidDirs = entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
            assertTrue(pidDirs.size() > 2);
            int read = 0;
            for (Path pidDir : pidDirs) {
                // the fixture holds processes that vanished or are malformed, too
                read += reader.read(pidDir, Integer.parseInt(pidDir.getFileName().toString()), Process.newBuilder())
                        ? 1 : 0;
            }
            assertTrue(read > 2, "read " + read);
            assertEquals(2, reader.openProcesses(), "the rest were read by opening their files");

            reader.retainOnly(Set.of());
            assertEquals(0, reader.openProcesses());
        }
    }

    @Test
    void followsARealProcessAndFailsOnceItEnded() throws Exception {
        java.lang.Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try (ProcessReader reader = new ProcessReader(10)) {
            int pid = (int) busy.pid();
            Path pidDir = Path.of("/proc", Integer.toString(pid));
            Process first = read(reader, pidDir, pid);
            long cpu = first.getUtime() + first.getStime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Process later = first;
            while (later.getUtime() + later.getStime() <= cpu + 5 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                later = read(reader, pidDir, pid);
            }
            assertTrue(later.getUtime() + later.getStime() > cpu + 5,
                    "the open stat shows the cpu time the process spends: " + cpu + " then "
                            + (later.getUtime() + later.getStime()));
            assertEquals(first.getStartTime(), later.getStartTime());
            assertEquals(1, reader.openProcesses());

            busy.destroyForcibly();
            busy.waitFor(10, TimeUnit.SECONDS);
            // reaped: its descriptors fail instead of showing the dead process, and nothing stays open for it
            assertFalse(reader.read(pidDir, pid, Process.newBuilder()));
            assertEquals(0, reader.openProcesses());
        } finally {
            busy.destroyForcibly();
        }
    }
}
