package io.fleetglance.hub.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.hub.CapturedLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet's size kept for the next start, and the JVM flags packaging/hub-heap gives for it. */
class FleetSizeTest {

    private static final Path HUB_HEAP = Path.of("..", "packaging", "hub-heap");

    /** What {@code packaging/hub-heap STATE_DIR [JVM_OPTIONS...]} prints. */
    private static String hubJvm(Path stateDir, String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", HUB_HEAP.toString(), stateDir.toString()));
        command.addAll(List.of(jvmOptions));
        java.lang.Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** The heap bound packaging/hub-heap prints first. */
    private static String hubHeap(Path stateDir) throws IOException, InterruptedException {
        return hubJvm(stateDir).split(" ")[0];
    }

    @Test
    void theLaunchersHeapIsTheOneTheHubComputesForTheFleetItRecorded(@TempDir Path state) throws Exception {
        long halfRamMiB = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() / 2 >> 20;
        assertEquals("-Xmx" + Math.min(1024, halfRamMiB) + "m", hubHeap(state), "a new hub: the least");
        FleetSize size = new FleetSize(state.resolve("hub"), 1024, false);
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
            FleetSize size = new FleetSize(state.resolve("hub"), 1024, false);
            size.record(900);
            assertTrue(log.linesWith("restart it").isEmpty(), "900 hosts fit in 1 GiB");
            size.record(2000);
            size.record(2500);
            assertEquals(1, log.linesWith("restart it to size its heap").size(), String.join("\n", log.lines()));
            assertTrue(log.linesWith("restart it").get(0).contains("2000 hosts"), log.lines().toString());

            Path blocked = state.resolve("blocked");
            Files.writeString(blocked, "a file where the directory should be");
            FleetSize unwritable = new FleetSize(blocked, 4096, false);
            unwritable.record(3);
            unwritable.record(4);
            assertEquals(1, log.linesWith("cannot write").size(), "said once: " + log.lines());
        }
    }

    @Test
    void aSmallFleetGetsTheSerialCollectorAndC1AndALargeOneTheParallelCollectorUnlessTheOperatorNamedOne(
            @TempDir Path state) throws Exception {
        List<String> fresh = List.of(hubJvm(state).split(" "));
        assertTrue(fresh.containsAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dio.grpc.netty.shaded.io.netty.allocator.type=unpooled", "-Dfleetglance.jvm=small-fleet")),
                "a new hub: " + fresh);
        FleetSize size = new FleetSize(state.resolve("hub"), 1024, true);
        size.record(FleetSize.SMALL_FLEET_HOSTS);
        assertTrue(hubJvm(state).contains("-XX:+UseSerialGC"), "still a small fleet");
        size.record(FleetSize.SMALL_FLEET_HOSTS + 1);
        List<String> large = List.of(hubJvm(state).split(" "));
        assertTrue(large.contains("-XX:+UseParallelGC") && large.contains("-XX:NewRatio=1"), large.toString());
        assertFalse(large.contains("-XX:+UseSerialGC") || large.contains("-XX:TieredStopAtLevel=1")
                || large.stream().anyMatch(f -> f.startsWith("-Dfleetglance.jvm")), large.toString());
        // an operator's collector wins: only the heap bound is given, so that the JVM is not given two collectors
        assertEquals(hubHeap(state), hubJvm(state, "-Xms16m", "-XX:+UseG1GC"));
        Files.writeString(state.resolve("hub").resolve(FleetSize.FILE), "3\n");
        assertEquals(hubHeap(state), hubJvm(state, "-XX:+UseParallelGC"));
    }

    @Test
    void aHubThatOutgrowsASmallFleetsJvmIsToldOnce(@TempDir Path state) throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            FleetSize small = new FleetSize(state.resolve("hub"), 1024, true);
            small.record(FleetSize.SMALL_FLEET_HOSTS);
            assertTrue(log.linesWith("small fleet's JVM").isEmpty(), log.lines().toString());
            small.record(FleetSize.SMALL_FLEET_HOSTS + 1);
            small.record(FleetSize.SMALL_FLEET_HOSTS + 50);
            assertEquals(1, log.linesWith("runs with a small fleet's JVM flags").size(), log.lines().toString());
            assertTrue(log.linesWith("small fleet's JVM").get(0).contains((FleetSize.SMALL_FLEET_HOSTS + 1)
                    + " hosts"), log.lines().toString());
            // a hub whose flags the operator chose is not told to restart for them
            new FleetSize(state.resolve("other"), 1024, false).record(5000);
            assertEquals(1, log.linesWith("small fleet's JVM").size(), log.lines().toString());
        }
    }
}
