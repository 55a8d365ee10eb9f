package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.CpuInfoReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuInfoCollectorTest {

    @TempDir
    Path scratch;

    private static CpuInfoReading collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new CpuInfoCollector(root).collect(sample);
        assertTrue(sample.hasCpuinfo());
        return sample.getCpuinfo();
    }

    @Test
    void readsTheVmsNameAndCpuinfoFrequencyWithoutAMaximum() {
        CpuInfoReading cpu = collect(Fixtures.root(Fixtures.DEBIAN_VM));

        // No cpufreq on the VM: the mean of two "cpu MHz : 2596.148" lines, and no max (Glances: cpu_hz null).
        assertEquals("AMD EPYC", cpu.getCpuName());
        assertEquals(2_596_148_000.0, cpu.getCpuHzCurrent(), 1e-3);
        assertFalse(cpu.hasCpuHz());
        assertEquals(2, cpu.getCpuPhysCore());
        assertEquals(2, cpu.getCpuLogCore());
    }

    @Test
    void prefersCpuinfoMegahertzWhenThereIsOnePerPolicy() {
        CpuInfoReading cpu = collect(Fixtures.root(Fixtures.WORKSTATION));

        // 4 policies and 4 "cpu MHz" lines (2700.123, 2699.877, 3100, 800): mean 2325 MHz, not the mean of
        // scaling_cur_freq; every scaling_max_freq is 3100000 kHz.
        assertEquals("Intel(R) Core(TM) i5-7200U CPU @ 2.50GHz", cpu.getCpuName());
        assertEquals(2_325_000_000.0, cpu.getCpuHzCurrent(), 1e-3);
        assertEquals(3_100_000_000.0, cpu.getCpuHz(), 1e-3);
        assertEquals(2, cpu.getCpuPhysCore());
        assertEquals(4, cpu.getCpuLogCore());
    }

    @Test
    void averagesScalingFrequenciesOfClusterPoliciesOnArm() throws IOException {
        HostRoot root = new HostRoot(scratch);
        StringBuilder cpuinfo = new StringBuilder();
        for (int n = 0; n < 8; n++) {
            cpuinfo.append("processor\t: ").append(n).append("\nBogoMIPS\t: 48.00\nCPU implementer\t: 0x41\n")
                    .append("CPU part\t: ").append(n < 4 ? "0xd05" : "0xd0a").append("\n\n");
        }
        cpuinfo.append("Hardware\t: Qualcomm Technologies, Inc SM8150\n");
        Fixtures.write(root, "/proc/cpuinfo", cpuinfo.toString());
        // big.LITTLE: policy0 drives cpu0-3, policy4 drives cpu4-7.
        Fixtures.write(root, "/sys/devices/system/cpu/cpufreq/policy0/scaling_cur_freq", "1804800\n");
        Fixtures.write(root, "/sys/devices/system/cpu/cpufreq/policy0/scaling_max_freq", "1785600\n");
        Fixtures.write(root, "/sys/devices/system/cpu/cpufreq/policy4/scaling_cur_freq", "2419200\n");
        Fixtures.write(root, "/sys/devices/system/cpu/cpufreq/policy4/scaling_max_freq", "2841600\n");

        CpuInfoReading cpu = collect(root);

        assertEquals("Qualcomm Technologies, Inc SM8150", cpu.getCpuName());
        // (1804.8 + 2419.2) / 2 = 2112 MHz; (1785.6 + 2841.6) / 2 = 2313.6 MHz.
        assertEquals(2_112_000_000.0, cpu.getCpuHzCurrent(), 1e-3);
        assertEquals(2_313_600_000.0, cpu.getCpuHz(), 1e-3);
        assertEquals(8, cpu.getCpuLogCore());
    }

    @Test
    void seesACpufreqDriverLoadedLaterWithinTheRefreshUses() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/cpuinfo", "processor\t: 0\ncpu MHz\t\t: 1000.000\n\n"
                + "processor\t: 1\ncpu MHz\t\t: 3000.000\n");
        Fixtures.write(root, "/sys/devices/system/cpu/online", "0-1\n");
        CpuInfoCollector collector = new CpuInfoCollector(root);
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        assertFalse(sample.getCpuinfo().hasCpuHz());

        for (int cpu = 0; cpu < 2; cpu++) {
            Fixtures.write(root, "/sys/devices/system/cpu/cpufreq/policy" + cpu + "/scaling_max_freq", "3500000\n");
        }
        // The policies listed at the first sample stand while the same CPUs are online...
        for (int use = 1; use < OnlineCpus.REFRESH_USES; use++) {
            collector.collect(sample.clear());
            assertFalse(sample.getCpuinfo().hasCpuHz(), "use " + use);
        }
        // ...and are listed again after REFRESH_USES samples: one per "cpu MHz" line, so cpuinfo gives the current.
        collector.collect(sample.clear());
        assertEquals(3_500_000_000.0, sample.getCpuinfo().getCpuHz(), 1e-3);
        assertEquals(2_000_000_000.0, sample.getCpuinfo().getCpuHzCurrent(), 1e-3);
    }

    @Test
    void namesARaspberryPiByItsModelLine() {
        String cpuinfo = "processor\t: 0\nBogoMIPS\t: 108.00\nCPU part\t: 0xd08\n\n"
                + "Hardware\t: BCM2835\nRevision\t: c03114\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n";

        assertEquals("Raspberry Pi 4 Model B Rev 1.4", CpuInfoCollector.name(cpuinfo));
    }

    @Test
    void namesAnOldArmKernelByItsProcessorLine() {
        String cpuinfo = "Processor\t: ARMv7 Processor rev 4 (v7l)\nprocessor\t: 0\nBogoMIPS\t: 38.40\n\n"
                + "Hardware\t: BCM2709\n";

        assertEquals("ARMv7 Processor rev 4 (v7l)", CpuInfoCollector.name(cpuinfo));
    }

    @Test
    void leavesBothFrequenciesOutWhenAPolicyHasNoCurrentFrequency() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.WORKSTATION, scratch);
        Fixtures.write(root, "/proc/cpuinfo", "processor\t: 0\nmodel name\t: Test CPU\n");
        Files.delete(root.resolve("/sys/devices/system/cpu/cpufreq/policy2/scaling_cur_freq"));

        CpuInfoReading cpu = collect(root);

        assertEquals(0.0, cpu.getCpuHzCurrent());
        assertFalse(cpu.hasCpuHz());
        assertEquals("Test CPU", cpu.getCpuName());
    }

    @Test
    void leavesTheNameEmptyAndFrequenciesUnsetWithoutCpuinfo() {
        CpuInfoReading cpu = collect(new HostRoot(scratch));

        assertEquals(CpuInfoReading.getDefaultInstance(), cpu);
    }
}
