package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.fleetglance.proto.Folder;
import io.fleetglance.proto.FoldersReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersCollectorTest {

    @TempDir
    Path machine;

    private FoldersCollector collector;
    private Path data;

    /**
     * /srv/data: a.txt (100 B), sub/b.bin (4096 B), sub/deeper/c (1 B), an empty directory, a link to a 10000 B file
     * outside the tree and a link back to the tree itself: 4197 B of files plus the two links' own sizes.
     */
    @BeforeEach
    void makeATree() throws IOException {
        collector = new FoldersCollector(new HostRoot(machine));
        data = machine.resolve("srv/data");
        Files.createDirectories(data.resolve("sub/deeper"));
        Files.createDirectories(data.resolve("empty"));
        Files.write(data.resolve("a.txt"), new byte[100]);
        Files.write(data.resolve("sub/b.bin"), new byte[4096]);
        Files.write(data.resolve("sub/deeper/c"), new byte[1]);
        Files.createDirectories(machine.resolve("outside"));
        Files.write(machine.resolve("outside/big.bin"), new byte[10_000]);
        Files.createSymbolicLink(data.resolve("big"), Path.of("../../outside/big.bin"));
        Files.createSymbolicLink(data.resolve("sub/loop"), Path.of(".."));
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    private static Map<String, Map<String, String>> folders(String... keyValues) {
        Map<String, String> section = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            section.put(keyValues[i], keyValues[i + 1]);
        }
        return Map.of("folders", section);
    }

    private FoldersReading collectUntil(Predicate<FoldersReading> until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Sample.Builder sample = Sample.newBuilder();
            collector.collect(sample);
            if (until.test(sample.getFolders())) {
                return sample.getFolders();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the scans did not finish: " + sample.getFolders());
            }
            Thread.sleep(20);
        }
    }

    private static Predicate<FoldersReading> count(int n) {
        return r -> r.getFoldersCount() == n;
    }

    @Test
    void sumsTheFilesOfATreeWithoutFollowingLinks() throws InterruptedException {
        collector.configure(folders("refresh", "60", "folder_1_path", "/srv/data", "folder_1_careful", "100",
                "folder_1_warning", "250.5", "folder_1_critical", "300"));

        Folder folder = collectUntil(count(1)).getFolders(0);

        long links = "../../outside/big.bin".length() + "..".length();
        assertEquals(Folder.newBuilder().setIndice("1").setPath("/srv/data").setSize(4197 + links).setErrno(0)
                .setRefresh(30).setCareful(100).setWarning(250.5).setCritical(300).build(), folder);
    }

    @Test
    void reportsTheErrnoOfAPathThatIsMissingOrNotADirectory() throws InterruptedException {
        collector.configure(folders("folder_1_path", "/srv/gone", "folder_2_path", "/srv/data/a.txt",
                "folder_2_refresh", "600"));

        FoldersReading reading = collectUntil(count(2));

        assertEquals(0, reading.getFolders(0).getSize());
        assertEquals(2, reading.getFolders(0).getErrno());
        assertEquals(0, reading.getFolders(1).getSize());
        assertEquals(20, reading.getFolders(1).getErrno());
        assertEquals(600.0, reading.getFolders(1).getRefresh());
        assertFalse(reading.getFolders(1).hasCareful());
    }

    @Test
    void countsWhatItCanReadAndReportsEaccesForTheRest() throws IOException, InterruptedException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every directory");
        Path locked = data.resolve("sub/deeper");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            collector.configure(folders("folder_1_path", "/srv/data"));

            Folder folder = collectUntil(count(1)).getFolders(0);

            assertEquals(13, folder.getErrno());
            assertEquals(4196 + "../../outside/big.bin".length() + "..".length(), folder.getSize());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void keepsTheFirstErrorOfAScan() {
        assertEquals(new FoldersCollector.Size(0, 2), FoldersCollector.sizeOf(machine.resolve("nothing/here")));
        assertEquals(13, FoldersCollector.errno(new AccessDeniedException("/x")));
        assertEquals(13, FoldersCollector.errno(new FileSystemException("/x", null,
                "Permission denied")));
        assertEquals(5, FoldersCollector.errno(new IOException("Input/output error")));
    }

    @Test
    void readsTenFoldersAtMostInTheirNumberOrder() throws IOException, InterruptedException {
        Map<String, String> section = new LinkedHashMap<>();
        for (int n = 11; n >= 1; n--) {
            Files.createDirectories(machine.resolve("f" + n));
            section.put("folder_" + n + "_path", "/f" + n);
        }
        collector.configure(Map.of("folders", section));

        FoldersReading reading = collectUntil(count(10));

        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"),
                reading.getFoldersList().stream().map(Folder::getIndice).toList());
    }

    @Test
    void scansAgainEveryRefreshSeconds() throws IOException, InterruptedException {
        collector.configure(folders("folder_1_path", "/srv/data/sub/deeper", "folder_1_refresh", "1"));
        assertEquals(1, collectUntil(count(1)).getFolders(0).getSize());

        Files.write(data.resolve("sub/deeper/d"), new byte[41]);

        assertEquals(42, collectUntil(r -> r.getFolders(0).getSize() == 42).getFolders(0).getSize());
    }

    @Test
    void reportsAnEmptyListWithoutFolders() {
        collector.configure(folders("disable", "True", "folder_1_path", "/srv/data"));
        Sample.Builder sample = Sample.newBuilder();

        collector.collect(sample);

        assertTrue(sample.hasFolders());
        assertEquals(0, sample.getFolders().getFoldersCount());
    }
}
