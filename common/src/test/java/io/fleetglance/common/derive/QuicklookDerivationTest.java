package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.core;
import static io.fleetglance.common.derive.Readings.cpu;
import static io.fleetglance.common.derive.Readings.load;
import static io.fleetglance.common.derive.Readings.mem;
import static io.fleetglance.common.derive.Readings.percpu;
import static io.fleetglance.common.derive.Readings.sampleAt;
import static io.fleetglance.common.derive.Readings.swap;
import static io.fleetglance.common.derive.Readings.ticks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.CpuInfoReading;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.Gpu;
import io.fleetglance.proto.GpuReading;
import io.fleetglance.proto.Sample;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuicklookDerivationTest {

    private static final CpuTimes BOOT = ticks(1000, 0, 500, 8000, 300, 0, 200, 0, 0, 0);
    private static final CpuInfoReading XEON = CpuInfoReading.newBuilder().setCpuName("Intel(R) Xeon(R) Processor")
            .setCpuHzCurrent(2.1e9).setCpuPhysCore(2).setCpuLogCore(2).build();

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void summarisesTheOtherPluginsOfTheSameSample() {
        Map<String, JsonNode> stats = deriver.derive(reference().build());
        JsonNode quicklook = stats.get("quicklook");

        assertEquals("Intel(R) Xeon(R) Processor", quicklook.get("cpu_name").asText());
        assertEquals(2.1e9, quicklook.get("cpu_hz_current").doubleValue());
        assertTrue(quicklook.get("cpu_hz").isNull());
        assertEquals(stats.get("cpu").get("total"), quicklook.get("cpu"));
        assertEquals(stats.get("percpu"), quicklook.get("percpu"));
        // (25325268992 - 24918798336) / 25325268992 x 100 = 1.605 -> 1.6, as quicklook.json.
        assertEquals(1.6, quicklook.get("mem").doubleValue());
        assertEquals(0.0, quicklook.get("swap").doubleValue());
        assertEquals(2, quicklook.get("cpu_log_core").intValue());
        assertEquals(2, quicklook.get("cpu_phys_core").intValue());
        // 0.12255859375 / 2 x 100 = 6.13 -> 6.1, as quicklook.json.
        assertEquals(6.1, quicklook.get("load").doubleValue());
        // No GPU: the int 0.
        assertTrue(quicklook.get("gpu_mem").isInt());
        assertEquals(0, quicklook.get("gpu_proc").intValue());
    }

    @Test
    void keepsTheFieldOrderOfQuicklookJson() {
        JsonNode quicklook = deriver.derive(reference().build()).get("quicklook");

        assertEquals(CpuDerivationTest.names(GlancesSamples.read("quicklook.json")),
                CpuDerivationTest.names(quicklook));
    }

    @Test
    void averagesTheGpusThatReportAFigure() {
        JsonNode quicklook = deriver.derive(reference().setGpu(GpuReading.newBuilder()
                .addGpus(Gpu.newBuilder().setGpuId("nvidia0").setMem(20).setProc(10))
                .addGpus(Gpu.newBuilder().setGpuId("nvidia1").setMem(40))).build()).get("quicklook");

        // mem (20 + 40) / 2; proc is reported by one GPU only.
        assertEquals(30.0, quicklook.get("gpu_mem").doubleValue());
        assertEquals(10.0, quicklook.get("gpu_proc").doubleValue());
    }

    @Test
    void isDerivedOnlyWithTheCpuInfoReadingAndNullsWhatIsMissing() {
        assertFalse(deriver.derive(sampleAt(0).setMem(mem(1)).build()).containsKey("quicklook"));

        JsonNode bare = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty()).derive(sampleAt(0).setCpuinfo(CpuInfoReading.newBuilder().setCpuLogCore(4))
                .build()).get("quicklook");

        assertEquals("CPU", bare.get("cpu_name").asText(), "Glances names an unknown processor CPU");
        assertTrue(bare.get("cpu_hz_current").isNull());
        assertTrue(bare.get("cpu").isNull());
        assertEquals(0, bare.get("percpu").size());
        assertTrue(bare.get("mem").isNull());
        assertTrue(bare.get("load").isNull());
        assertEquals(4, bare.get("cpu_log_core").intValue());
        assertTrue(bare.get("cpu_phys_core").isNull());
    }

    @Test
    void loadIsDividedByTheLogicalCoresOfTheCoreReadingWhenCpuInfoHasNone() {
        Sample sample = sampleAt(0).setCpuinfo(CpuInfoReading.newBuilder().setCpuName("x"))
                .setCore(core(4, 8)).setLoad(load(1, 2, 4)).build();

        JsonNode quicklook = deriver.derive(sample).get("quicklook");

        // 4 / 8 x 100 = 50.0
        assertEquals(50.0, quicklook.get("load").doubleValue());
        assertEquals(8, quicklook.get("cpu_log_core").intValue());
        assertEquals(4, quicklook.get("cpu_phys_core").intValue());
    }

    private static Sample.Builder reference() {
        return sampleAt(0).setCpuinfo(XEON).setCpu(cpu(BOOT, 1, 1, 1, 0)).setPercpu(percpu(BOOT, BOOT))
                .setCore(core(2, 2)).setMem(mem(24_918_798_336L)).setMemswap(swap(0, 0, 0, 0))
                .setLoad(load(0.51025390625, 0.31787109375, 0.12255859375));
    }
}
