package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptOpenFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheWholeFileFromItsStartAtEveryRead() throws IOException {
        Path file = dir.resolve("stat");
        Files.writeString(file, "cpu 1 2 3\n");
        KeptOpenFile kept = new KeptOpenFile(file);
        assertEquals(Optional.of("cpu 1 2 3\n"), kept.read());
        assertEquals(Optional.of("cpu 1 2 3\n"), kept.read(), "read again from the start, not from where it ended");

        String large = "x".repeat(10_000) + "\nend\n";
        Files.writeString(file, large);   // the same file, rewritten: larger than the first buffer
        assertEquals(Optional.of(large), kept.read());
        Files.writeString(file, "short\n");
        assertEquals(Optional.of("short\n"), kept.read());
        assertEquals(Optional.of("short"), kept.firstLine());
    }

    @Test
    void keepsItsDescriptorOpenUntilClosed() throws IOException {
        Path file = dir.resolve("loadavg");
        Files.writeString(file, "0.10 0.20 0.30 1/100 4242\n");
        KeptOpenFile kept = new KeptOpenFile(file);
        assertEquals(Optional.of("0.10 0.20 0.30 1/100 4242"), kept.firstLine());
        Files.delete(file);
        assertEquals(Optional.of("0.10 0.20 0.30 1/100 4242"), kept.firstLine(),
                "read through the descriptor opened at the first read, not by its path");
        kept.close();
        assertEquals(Optional.empty(), kept.read(), "closed: opened again by its path, which is gone");
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
        Files.delete(file);
        kept.close();
        assertEquals(Optional.empty(), kept.read());
        Files.writeString(file, "again\n");
        assertEquals(Optional.empty(), kept.read(), "the count starts again at each failed open");
        assertEquals(Optional.empty(), new KeptOpenFile(dir).read(), "a directory is no file to read");
        Files.writeString(file, "\n  \n");
        assertEquals(Optional.empty(), kept.firstLine(), "a blank first line");
    }

    @Test
    void rereadsTheKernelsFilesAsTheKernelWritesThemAnew() throws InterruptedException {
        KeptOpenFile uptime = new KeptOpenFile(Path.of("/proc/uptime"));
        double first = Double.parseDouble(ProcText.columns(uptime.firstLine().orElseThrow()).get(0));
        Thread.sleep(50);
        double second = Double.parseDouble(ProcText.columns(uptime.firstLine().orElseThrow()).get(0));
        assertTrue(second > first, "the second read gives the uptime of its own moment: " + first + ", " + second);

        List<String> loadavg = ProcText.columns(new KeptOpenFile(Path.of("/proc/loadavg")).firstLine().orElseThrow());
        assertEquals(5, loadavg.size(), loadavg.toString());
        // A sysctl answers EOF to a read that does not start at offset 0: the whole number comes from the first read.
        assertEquals(ProcText.read(Path.of("/proc/sys/kernel/pid_max")),
                new KeptOpenFile(Path.of("/proc/sys/kernel/pid_max")).read());
    }
}
