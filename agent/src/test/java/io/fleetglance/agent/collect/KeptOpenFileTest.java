package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptOpenFileTest {

    private static final Path OSTYPE = Path.of("/proc/sys/kernel/ostype");

    @TempDir
    Path dir;

    @Test
    void keepsTheDescriptorOfAKernelFileAndReadsItWholeFromItsStartAtEveryRead() {
        Path filesystems = Path.of("/proc/filesystems");
        String whole = ProcText.read(filesystems).orElseThrow();
        assertTrue(whole.length() > 64, whole);
        KeptOpenFile kept = new KeptOpenFile(filesystems, 16);   // grown several times at the first read
        assertEquals(Optional.of(whole), kept.read());
        assertEquals(Optional.of(whole), kept.read(), "read again from the start, not from where it ended");

        KeptOpenFile ostype = new KeptOpenFile(OSTYPE);
        assertEquals(0, descriptorsOf(OSTYPE));
        assertEquals(Optional.of("Linux"), ostype.firstLine());
        assertEquals(1, descriptorsOf(OSTYPE), "open after its first read");
        assertEquals(Optional.of("Linux"), ostype.firstLine());
        assertEquals(1, descriptorsOf(OSTYPE), "the same descriptor at the next read");
        ostype.close();
        assertEquals(0, descriptorsOf(OSTYPE));
        assertEquals(Optional.of("Linux"), ostype.firstLine(), "opened again after a close");
        ostype.close();
    }

    @Test
    void readsAFileOutsideTheKernelsFileSystemsByItsPathAtEveryRead() throws IOException {
        Path file = dir.resolve("meminfo");
        Files.writeString(file, "MemTotal: 100 kB\n");
        KeptOpenFile kept = new KeptOpenFile(file);
        assertEquals(Optional.of("MemTotal: 100 kB\n"), kept.read());
        assertEquals(0, descriptorsOf(file), "no descriptor kept for a file that may be replaced");
        Path next = dir.resolve("meminfo.new");
        Files.writeString(next, "MemTotal: 200 kB\n");
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Optional.of("MemTotal: 200 kB\n"), kept.read(), "the file renamed over it");
        String large = "x".repeat(10_000) + "\nend\n";
        Files.writeString(file, large);
        assertEquals(Optional.of(large), kept.read());
        Files.delete(file);
        assertEquals(Optional.empty(), kept.read());
    }

    @Test
    void anAbsentFileIsTriedAgainEveryFewReadsUntilItAppears() throws IOException {
        Path file = dir.resolve("wireless");
        KeptOpenFile kept = new KeptOpenFile(file);
        assertEquals(Optional.empty(), kept.read());
        Files.writeString(file, "Inter-| sta-|\n");
        for (int i = 1; i < KeptOpenFile.OPEN_RETRY_READS; i++) {
            assertEquals(Optional.empty(), kept.read(), "read " + i + " after a failed open: not tried");
        }
        assertEquals(Optional.of("Inter-| sta-|\n"), kept.read(), "tried again, and there");
        assertEquals(Optional.of("Inter-| sta-|\n"), kept.read());
        Files.writeString(file, "\n  \n");
        assertEquals(Optional.empty(), kept.firstLine(), "a blank first line");
        assertEquals(Optional.empty(), new KeptOpenFile(dir).read(), "a directory is no file to read");
    }

    @Test
    void rereadsTheKernelsFilesAsTheKernelWritesThemAnew() throws InterruptedException {
        KeptOpenFile uptime = new KeptOpenFile(Path.of("/proc/uptime"));
        double first = Double.parseDouble(ProcText.columns(uptime.firstLine().orElseThrow()).get(0));
        Thread.sleep(50);
        double second = Double.parseDouble(ProcText.columns(uptime.firstLine().orElseThrow()).get(0));
        assertTrue(second > first, "the second read gives the uptime of its own moment: " + first + ", " + second);
        uptime.close();

        KeptOpenFile loadavg = new KeptOpenFile(Path.of("/proc/loadavg"));
        List<String> columns = ProcText.columns(loadavg.firstLine().orElseThrow());
        assertEquals(5, columns.size(), columns.toString());
        loadavg.close();
        // A sysctl answers EOF to a read that does not start at offset 0: the whole number comes from the first read.
        KeptOpenFile pidMax = new KeptOpenFile(Path.of("/proc/sys/kernel/pid_max"));
        assertEquals(ProcText.read(Path.of("/proc/sys/kernel/pid_max")), pidMax.read());
        assertEquals(ProcText.read(Path.of("/proc/sys/kernel/pid_max")), pidMax.read());
        pidMax.close();
    }

    /** How many of this JVM's descriptors are open on {@code file}. */
    private static long descriptorsOf(Path file) {
        File[] fds = new File("/proc/self/fd").listFiles();
        long count = 0;
        for (File fd : fds == null ? new File[0] : fds) {
            try {
                if (Files.readSymbolicLink(fd.toPath()).equals(file)) {
                    count++;
                }
            } catch (IOException e) {
                // the descriptor of the listing itself, closed by now
            }
        }
        return count;
    }
}
