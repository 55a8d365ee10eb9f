package io.fleetglance.hub.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.hub.CapturedLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet's size kept for the next start, and the heap packaging/hub-heap gives for it. */
class FleetSizeTest {

    private static final Path HUB_HEAP = Path.of("..", "packaging", "hub-heap");

    /** What {@code packaging/hub-heap STATE_DIR} prints. */
    private static String hubHeap(Path stateDir) throws IOException, InterruptedException {
        java.lang.Process p = new ProcessBuilder("sh", HUB_HEAP.toString(), stateDir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theLaunchersHeapIsTheOneTheHubComputesForTheFleetItRecorded(@TempDir Path state) throws Exception {
        long halfRamMiB = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() / 2 >> 20;
        assertEquals("-Xmx" + Math.min(1024, halfRamMiB) + "m", hubHeap(state), "a new hub: the least");
        FleetSize size = new FleetSize(state.resolve("hub"), 1024);
        for (int hosts : new int[] {0, 1, 960, 961, 1000, 3000}) {
            size.record(hosts);
            assertEquals(hosts + "\n", Files.readString(state.resolve("hub").resolve(FleetSize.FILE)));
            assertEquals("-Xmx" + Math.min(FleetSize.heapMiBFor(hosts), halfRamMiB) + "m", hubHeap(state),
                    hosts + " hosts");
        }
        assertEquals(1024, FleetSize.heapMiBFor(960));
        assertEquals(1056, FleetSize.heapMiBFor(1000));
        for (String garbage : new String[] {"", "lots\n", "-5\n", "99999999999999\n", "1 2\n"}) {
            Files.writeString(state.resolve("hub").resolve(FleetSize.FILE), garbage);
            assertEquals("-Xmx" + Math.min(1024, halfRamMiB) + "m", hubHeap(state), "'" + garbage + "' is no size");
        }
    }

    @Test
    void aFleetThatOutgrowsTheHeapIsToldOnceAndAnUnwritableFileIsNotFatal(@TempDir Path state) throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            FleetSize size = new FleetSize(state.resolve("hub"), 1024);
            size.record(900);
            assertTrue(log.linesWith("restart it").isEmpty(), "900 hosts fit in 1 GiB");
            size.record(2000);
            size.record(2500);
            assertEquals(1, log.linesWith("restart it to size its heap").size(), String.join("\n", log.lines()));
            assertTrue(log.linesWith("restart it").get(0).contains("2000 hosts"), log.lines().toString());

            Path blocked = state.resolve("blocked");
            Files.writeString(blocked, "a file where the directory should be");
            FleetSize unwritable = new FleetSize(blocked, 4096);
            unwritable.record(3);
            unwritable.record(4);
            assertEquals(1, log.linesWith("cannot write").size(), "said once: " + log.lines());
        }
    }
}
