package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    void findsNoNvidiaGpuWhenNvidiaSmiFails() throws IOException {
        HostRoot root = workstation();
        Fixtures.write(root, "/usr/bin/nvidia-smi", "#!/bin/sh\necho 'NVIDIA-SMI has failed because it couldn''t "
                + "communicate with the NVIDIA driver.'\nexit 9\n");
        Path nvidiaSmi = Fixtures.executable(root, "/usr/bin/nvidia-smi");

        List<Gpu> gpus = collect(new GpuCollector(root, Optional.of(nvidiaSmi), Duration.ofSeconds(10)));

        assertEquals(List.of("amd0"), gpus.stream().map(Gpu::getGpuId).toList());
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

    @Test
    void leavesOutWhatNvidiaSmiCannotTell() {
        Gpu k80 = GpuCollector.nvidiaLine("3, Tesla K80, [Not Supported], 0, 11441, [N/A], [N/A]");

        assertEquals(Gpu.newBuilder().setGpuId("nvidia3").setName("Tesla K80").setMem(0).build(), k80);
        assertEquals(null, GpuCollector.nvidiaLine("NVIDIA-SMI has failed"));
        assertEquals(null, GpuCollector.nvidiaLine("[N/A], x, 1, 2, 3, 4, 5"));
    }
}
