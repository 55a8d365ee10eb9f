package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.alerts.HostAlerts;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.derive.HostDeriver;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.Gpu;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuCollectorTest {

    @TempDir
    Path scratch;

    private static List<Gpu> collect(GpuCollector collector) {
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        assertTrue(sample.hasGpu());
        return sample.getGpu().getGpusList();
    }

    private HostRoot workstation() throws IOException {
        return Fixtures.copy(Fixtures.WORKSTATION, scratch.resolve("machine"));
    }

    @Test
    void readsBothNvidiaGpusFromTheRecordedAnswerAndTheAmdCard() throws IOException {
        HostRoot root = workstation();
        Path nvidiaSmi = Fixtures.executable(root, "/usr/bin/nvidia-smi");

        List<Gpu> gpus = collect(new GpuCollector(root, Optional.of(nvidiaSmi), Duration.ofSeconds(10)));

        assertEquals(List.of("nvidia0", "nvidia1", "amd0"), gpus.stream().map(Gpu::getGpuId).toList());
        // "0, NVIDIA GeForce RTX 3090, 35, 10240, 24576, 61, 45": 10240 MiB of 24576 used.
        Gpu rtx = gpus.get(0);
        assertEquals("NVIDIA GeForce RTX 3090", rtx.getName());
        assertEquals(35.0, rtx.getProc());
        assertEquals(41.666_666, rtx.getMem(), 1e-6);
        assertEquals(61.0, rtx.getTemperature());
        assertEquals(45.0, rtx.getFanSpeed());
        // "1, NVIDIA A100-PCIE-40GB, 0, 4, 40960, 34, [N/A]": no fan on a passively cooled card.
        Gpu a100 = gpus.get(1);
        assertEquals(Gpu.newBuilder()
                .setGpuId("nvidia1").setName("NVIDIA A100-PCIE-40GB")
                .setProc(0).setMem(0.009_765_625).setTemperature(34).build(), a100);
        assertFalse(a100.hasFanSpeed());
    }

    @Test
    void servesAnH200UnderLoadAsGlancesDoesFromItsRecordedAnswer() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.H200_SERVER, scratch.resolve("h200"));
        Path nvidiaSmi = Fixtures.executable(root, "/usr/bin/nvidia-smi");
        Sample.Builder sample = Sample.newBuilder().setSeq(1).setWallTimeUs(1_764_000_000_000_000L);
        new GpuCollector(root, Optional.of(nvidiaSmi), Duration.ofSeconds(10)).collect(sample);
        HostAlerts alerts = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 1);

        Map<String, JsonNode> stats = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.shipped())
                .derive(sample.build());
        alerts.update(stats, Instant.ofEpochSecond(1_764_000_000L));

        // "0, NVIDIA H200, 100, 34509, 143771, 55, [N/A]": 34509 MiB of 143771 used, no fan of its own.
        JsonNode gpu = stats.get("gpu").get(0);
        assertEquals("{\"key\":\"gpu_id\",\"gpu_id\":\"nvidia0\",\"name\":\"NVIDIA H200\",\"mem\":"
                + (34509 * 100.0 / 143771) + ",\"proc\":100,\"temperature\":55,\"fan_speed\":null}", gpu.toString());
        // Glances' shipped [gpu] thresholds: proc 100 % is past critical (90), memory 24 % and 55 °C are fine.
        JsonNode views = alerts.views("gpu").get("nvidia0");
        assertEquals("CRITICAL", views.get("proc").get("decoration").asText());
        assertEquals("OK", views.get("mem").get("decoration").asText());
        assertEquals("OK", views.get("temperature").get("decoration").asText());
    }

    @Test
    void readsTheAmdCardFromSysfsAndSkipsTheIntelOne() throws IOException {
        List<Gpu> gpus = collect(new GpuCollector(workstation(), Optional.empty(), Duration.ofSeconds(2)));

        assertEquals(1, gpus.size());
        Gpu amd = gpus.get(0);
        assertEquals("amd0", amd.getGpuId());
        assertEquals("AMD GPU", amd.getName());
        assertEquals(23.0, amd.getProc());
        // 2 GiB of 8 GiB of VRAM; (45 + 52 + 60) / 3 °C over edge, junction and memory; PWM 102 of 255.
        assertEquals(25.0, amd.getMem());
        assertEquals(52.333_333, amd.getTemperature(), 1e-6);
        assertEquals(40.0, amd.getFanSpeed());
    }

    @Test
    void namesAnAmdCardByItsProductNameWhenItHasOne() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/sys/class/drm/card1/device/vendor", "0x1002\n");
        Fixtures.write(root, "/sys/class/drm/card1/device/gpu_busy_percent", "100\n");
        Fixtures.write(root, "/sys/class/drm/card1/device/product_name", "AMD Instinct MI210\n");

        Gpu amd = collect(new GpuCollector(root, Optional.empty(), Duration.ofSeconds(2))).get(0);

        assertEquals(Gpu.newBuilder().setGpuId("amd0").setName("AMD Instinct MI210").setProc(100).build(), amd);
    }

    @Test
    void givesAnEmptyReadingWithoutAnyGpu() {
        assertEquals(List.of(), collect(new GpuCollector(Fixtures.root(Fixtures.DEBIAN_VM), Optional.empty(),
                Duration.ofSeconds(2))));
    }

    @Test
    void findsNoNvidiaGpuWhenNvidiaSmiFailsAndLeavesItAloneAMinute() throws IOException {
        HostRoot root = workstation();
        Path runs = scratch.resolve("runs");
        Fixtures.write(root, "/usr/bin/nvidia-smi", "#!/bin/sh\necho run >> '" + runs + "'\n"
                + "echo 'NVIDIA-SMI has failed because it couldn''t communicate with the NVIDIA driver.'\nexit 9\n");
        Path nvidiaSmi = Fixtures.executable(root, "/usr/bin/nvidia-smi");
        GpuCollector collector = new GpuCollector(root, Optional.of(nvidiaSmi), Duration.ofSeconds(10));

        assertEquals(List.of("amd0"), collect(collector).stream().map(Gpu::getGpuId).toList());
        assertEquals(List.of("amd0"), collect(collector).stream().map(Gpu::getGpuId).toList());

        assertEquals(List.of("run"), Files.readAllLines(runs), "nvidia-smi ran once, not at every sample");
    }

    @Test
    void givesUpOnAHungNvidiaSmiAndLeavesItAloneAfterwards() throws IOException {
        HostRoot root = workstation();
        Path runs = scratch.resolve("runs");
        Fixtures.write(root, "/usr/bin/nvidia-smi", "#!/bin/sh\necho run >> '" + runs + "'\nsleep 30\n");
        Path nvidiaSmi = Fixtures.executable(root, "/usr/bin/nvidia-smi");
        GpuCollector collector = new GpuCollector(root, Optional.of(nvidiaSmi), Duration.ofMillis(300));

        long start = System.nanoTime();
        List<Gpu> first = collect(collector);
        long firstMs = (System.nanoTime() - start) / 1_000_000;
        List<Gpu> second = collect(collector);

        assertEquals(List.of("amd0"), first.stream().map(Gpu::getGpuId).toList());
        assertTrue(firstMs < 5_000, "took " + firstMs + " ms");
        assertEquals(List.of("amd0"), second.stream().map(Gpu::getGpuId).toList());
        assertEquals(List.of("run"), Files.readAllLines(runs), "nvidia-smi ran once, then was left alone");
    }

    /**
     * An nvidia-smi that notes each start's last argument in {@code runs} ("once" or "--loop-ms=N"), answers one run
     * with {@code once} and runs {@code loop} in its loop mode.
     */
    private Path nvidiaSmi(Path runs, String once, String loop) throws IOException {
        Path script = scratch.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\n"
                + "case \"$*\" in\n"
                + "  *--loop-ms=*) echo \"${*##* }\" >> '" + runs + "'\n" + loop + "\n    ;;\n"
                + "  *) echo once >> '" + runs + "'\n" + once + "\n    ;;\n"
                + "esac\n");
        assertTrue(script.toFile().setExecutable(true));
        return script;
    }

    private static List<String> runs(Path runs) throws IOException {
        return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A loop's interval is the pace of the samples, {@code sleptMs} and what a collect took (< 0.2 s here). */
    private static void assertPace(long sleptMs, String loopArgument) {
        assertTrue(loopArgument.startsWith("--loop-ms="), loopArgument);
        long ms = Long.parseLong(loopArgument.substring("--loop-ms=".length()));
        assertTrue(ms >= sleptMs && ms <= sleptMs + 200,
                "a loop at " + ms + " ms for samples " + sleptMs + " ms apart");
    }

    private static boolean ends(long pid) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                sleep(20);
            } else {
                return true;
            }
        }
        return false;
    }

    @Test
    void keepsNvidiaSmiRunningInItsLoopModeFromTheSecondSampleOn() throws IOException {
        Path runs = scratch.resolve("runs");
        // One run answers 0 % busy; the loop answers 1, 2, 3... % at each turn.
        Path smi = nvidiaSmi(runs, "echo '0, NVIDIA H200, 0, 34509, 143771, 55, [N/A]'",
                "i=0; while :; do i=$((i + 1)); echo \"0, NVIDIA H200, $i, 34509, 143771, 55, [N/A]\"; sleep 0.1;"
                        + " done");
        GpuCollector collector = new GpuCollector(Fixtures.root(Fixtures.DEBIAN_VM), Optional.of(smi),
                Duration.ofSeconds(1), Duration.ofMillis(100));

        assertEquals(0.0, collect(collector).get(0).getProc());
        sleep(500);
        assertEquals(0.0, collect(collector).get(0).getProc(), "the second sample is a run too, and starts the loop");
        long pid = collector.loopPid();
        assertTrue(pid > 0);
        double last = 0;
        for (int i = 0; i < 4; i++) {
            sleep(500);
            List<Gpu> gpus = collect(collector);
            assertEquals(List.of("nvidia0"), gpus.stream().map(Gpu::getGpuId).toList());
            assertTrue(gpus.get(0).getProc() > last, "a newer answer of the loop at each sample: " + gpus);
            last = gpus.get(0).getProc();
        }
        // One loop, at the pace of the samples: 500 ms and the first run's time, to the tenth of a second.
        assertEquals(List.of("once", "once"), runs(runs).subList(0, 2));
        assertEquals(3, runs(runs).size(), "one loop: " + runs(runs));
        assertPace(500, runs(runs).get(2));
        assertEquals(pid, collector.loopPid());

        collector.configure(Set.of("gpu"), Map.of());
        assertEquals(-1, collector.loopPid());
        assertTrue(ends(pid), "turning the plugin off ends the loop");
    }

    @Test
    void runsNvidiaSmiOncePerSampleAgainAfterThreeLoopsThatNeverAnswer() throws IOException {
        Path runs = scratch.resolve("runs");
        // A loop that holds its answers back (as a tool whose output a pipe would buffer); one run answers.
        Path smi = nvidiaSmi(runs, "echo '0, NVIDIA H200, 7, 34509, 143771, 55, [N/A]'", "exec sleep 30");
        GpuCollector collector = new GpuCollector(Fixtures.root(Fixtures.DEBIAN_VM), Optional.of(smi),
                Duration.ofMillis(300), Duration.ofMillis(200));

        List<Long> loops = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<Gpu> gpus = collect(collector);
            assertEquals(List.of(7.0), gpus.stream().map(Gpu::getProc).toList(), "every sample has its GPU");
            long pid = collector.loopPid();
            if (pid > 0 && !loops.contains(pid)) {
                loops.add(pid);
            }
            sleep(200);
        }

        assertEquals(GpuCollector.MAX_LOOP_FAILURES, loops.size(), "loops started: " + runs(runs));
        assertEquals(GpuCollector.MAX_LOOP_FAILURES, runs(runs).stream().filter(r -> r.startsWith("--loop")).count());
        assertEquals(-1, collector.loopPid());
        for (long pid : loops) {
            assertTrue(ends(pid), "a silent loop is ended: " + pid);
        }
    }

    @Test
    void startsTheLoopAgainWhenItEndsAndAtANewPace() throws IOException {
        Path runs = scratch.resolve("runs");
        // The first loop answers twice and exits (a driver reload); the later ones run on.
        Path smi = nvidiaSmi(runs, "echo '0, NVIDIA H200, 0, 34509, 143771, 55, [N/A]'",
                "n=$(grep -c loop '" + runs + "'); i=0\n"
                + "while :; do i=$((i + 1)); echo \"0, NVIDIA H200, $i, 34509, 143771, 55, [N/A]\"\n"
                + "  [ \"$n\" -gt 1 ] || [ $i -lt 2 ] || exit 0; sleep 0.1; done");
        GpuCollector collector = new GpuCollector(Fixtures.root(Fixtures.DEBIAN_VM), Optional.of(smi),
                Duration.ofMillis(500), Duration.ofMillis(100));

        List<Double> busy = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                sleep(300);
            }
            List<Gpu> gpus = collect(collector);
            assertEquals(1, gpus.size(), "every sample has its GPU");
            busy.add(gpus.get(0).getProc());
        }
        // Runs for the first two samples and the one after the first loop ended, then the second loop's answers,
        // newer at each sample: not the ended loop's last answer again.
        assertEquals(List.of(0.0, 0.0, 0.0), busy.subList(0, 3), "busy: " + busy);
        for (int i = 4; i < busy.size(); i++) {
            assertTrue(busy.get(i) > busy.get(i - 1), "busy: " + busy);
        }
        List<String> loops = runs(runs).stream().filter(r -> r.startsWith("--loop")).toList();
        assertEquals(2, loops.size(), "the ended loop was started again, once: " + runs(runs));
        loops.forEach(loop -> assertPace(300, loop));
        long second = collector.loopPid();
        assertTrue(second > 0);

        for (int i = 0; i < 2; i++) {
            sleep(2_000);
            assertEquals(1, collect(collector).size(), "every sample has its GPU");
        }
        assertTrue(ends(second), "samples two seconds apart ended the loop of 300 ms");
        assertEquals(3, runs(runs).stream().filter(r -> r.startsWith("--loop")).count(), "a new loop: " + runs(runs));
        assertPace(2_000, runs(runs).get(runs(runs).size() - 1));
        collector.configure(Set.of("gpu"), Map.of());
    }

    @Test
    void theLoopEndsWithTheThreadThatStartedItAsWithAKilledAgent() throws Exception {
        assumeTrue(ExternalCommand.locate("setpriv", List.of("/usr/bin", "/bin")).isPresent(), "needs setpriv");
        Path runs = scratch.resolve("runs");
        // A loop that would outlive the agent: its shell goes on when a write to the closed pipe fails.
        Path smi = nvidiaSmi(runs, "echo '0, NVIDIA H200, 0, 34509, 143771, 55, [N/A]'",
                "while :; do echo '0, NVIDIA H200, 1, 34509, 143771, 55, [N/A]' || true; sleep 0.1; done");
        GpuCollector collector = new GpuCollector(Fixtures.root(Fixtures.DEBIAN_VM), Optional.of(smi),
                Duration.ofSeconds(1), Duration.ofMillis(100));
        FutureTask<Double> sampling = new FutureTask<>(() -> {
            collect(collector);
            sleep(200);
            collect(collector);
            sleep(300);
            return collect(collector).get(0).getProc();
        });
        Thread sampler = new Thread(sampling);
        sampler.start();
        sampler.join();
        assertEquals(1.0, sampling.get(), "the loop answers");
        long pid = collector.loopPid();
        assertTrue(pid > 0);

        assertTrue(ends(pid), "the kernel ended the loop with its thread");
    }

    @Test
    void leavesOutWhatNvidiaSmiCannotTell() {
        Gpu k80 = GpuCollector.nvidiaLine("3, Tesla K80, [Not Supported], 0, 11441, [N/A], [N/A]");

        assertEquals(Gpu.newBuilder().setGpuId("nvidia3").setName("Tesla K80").setMem(0).build(), k80);
        assertEquals(null, GpuCollector.nvidiaLine("NVIDIA-SMI has failed"));
        assertEquals(null, GpuCollector.nvidiaLine("[N/A], x, 1, 2, 3, 4, 5"));
    }
}
