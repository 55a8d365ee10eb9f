package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Vm;
import io.fleetglance.proto.VmsReading;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programs are small shell scripts printing what virsh and multipass printed on real hosts. */
class VmsCollectorTest {

    private static final Map<String, Map<String, String>> ENABLED = Map.of("vms", Map.of("disable", "False"));

    @TempDir
    Path bin;

    private Path program(String fixture) throws IOException {
        Path program = bin.resolve(fixture);
        try (InputStream in = VmsCollectorTest.class.getResourceAsStream("/fixtures/vms/" + fixture)) {
            Files.copy(in, program, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return program;
    }

    private VmsCollector collector(Path virsh, Path multipass, Duration timeout,
                                   Map<String, Map<String, String>> sections) {
        VmsCollector collector = new VmsCollector(virsh, multipass, timeout);
        collector.configure(sections);
        return collector;
    }

    private VmsCollector installed(Map<String, Map<String, String>> sections) throws IOException {
        return collector(program("virsh"), program("multipass"), Duration.ofSeconds(5), sections);
    }

    private static VmsReading collect(VmsCollector collector) {
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        return sample.getVms();
    }

    @Test
    void readsRunningMultipassInstancesAndRunningOrPausedDomains() throws IOException {
        VmsReading reading = collect(installed(ENABLED));

        assertEquals(List.of("adapted-budgerigar", "win11", "debian-build"),
                reading.getVmsList().stream().map(Vm::getName).toList());
        assertEquals(Vm.newBuilder().setName("adapted-budgerigar")
                .setId("182dc760bfca26c45fb4e4668049ecd4d0ecdd6171b3bae81d0135e8f1e9d93e")
                .setRelease("Ubuntu 24.04.1 LTS").setStatus("running").setCpuCount(1)
                .setMemoryUsage(432_058_368L).setMemoryTotal(1_002_500_096L)
                .setLoad1Min(0.08).setLoad5Min(0.03).setLoad15Min(0.01).setIpv4("10.160.166.174")
                .setEngine("multipass").setEngineVersion("1.14.1").build(), reading.getVms(0));
        assertEquals(Vm.newBuilder().setName("win11").setId("4").setRelease("Windows 11 Pro").setStatus("running")
                .setCpuCount(4).setCpuTime(1_702_145_606_000L).setMemoryUsage(8_439_116L * 1024)
                .setMemoryTotal(8_388_608L * 1024).setEngine("virsh").setEngineVersion("QEMU 7.2.0").build(),
                reading.getVms(1));
        Vm paused = reading.getVms(2);
        assertEquals("paused", paused.getStatus());
        assertEquals("", paused.getRelease());
        assertEquals(86_000_000_000L, paused.getCpuTime());
    }

    @Test
    void listsStoppedMachinesWithAllSet() throws IOException {
        VmsReading reading = collect(installed(Map.of("vms", Map.of("disable", "false", "all", "True"))));

        assertEquals(List.of("adapted-budgerigar", "primary", "win11", "debian-build", "Kali_Linux_2024"),
                reading.getVmsList().stream().map(Vm::getName).toList());
        Vm primary = reading.getVms(1);
        assertEquals("stopped", primary.getStatus());
        assertEquals("22.04 LTS", primary.getRelease());
        assertEquals(0, primary.getCpuCount());
        assertEquals(0, primary.getMemoryUsage());
        assertEquals("", primary.getIpv4());
        Vm kali = reading.getVms(4);
        assertEquals("-", kali.getId());
        assertEquals("shut off", kali.getStatus());
        assertEquals("Kali Linux 2024", kali.getRelease());
        assertEquals(0, kali.getCpuTime());
    }

    @Test
    void staysOffUnlessEnabledAsGlancesShipsIt() throws IOException {
        Sample.Builder unconfigured = Sample.newBuilder();
        installed(Map.of()).collect(unconfigured);
        Sample.Builder disabled = Sample.newBuilder();
        installed(Map.of("vms", Map.of("disable", "True"))).collect(disabled);

        assertFalse(unconfigured.hasVms());
        assertFalse(disabled.hasVms());
    }

    @Test
    void reportsNoMachinesWithoutThePrograms() {
        Sample.Builder sample = Sample.newBuilder();

        collector(bin.resolve("virsh"), bin.resolve("multipass"), Duration.ofSeconds(1), ENABLED).collect(sample);

        assertTrue(sample.hasVms());
        assertEquals(0, sample.getVms().getVmsCount());
    }

    @Test
    void givesUpOnAProgramThatDoesNotAnswer() throws IOException {
        Path hung = program("hung");
        VmsCollector collector = collector(hung, bin.resolve("absent"), Duration.ofMillis(300), ENABLED);

        long start = System.nanoTime();
        VmsReading reading = collect(collector);
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertEquals(0, reading.getVmsCount());
        // virsh version and virsh list: two timeouts.
        assertTrue(ms < 2_000, "the sample waited " + ms + " ms");
    }

    @Test
    void parsesVirshOutputsAsGlancesDoes() {
        assertEquals("QEMU 8.2.2", VmsCollector.hypervisor("""
                Compiled against library: libvirt 10.0.0
                Using library: libvirt 10.0.0
                Using API: QEMU 10.0.0
                Running hypervisor: QEMU 8.2.2
                """));
        assertEquals("", VmsCollector.hypervisor("error: failed to connect to the hypervisor\n"));
        List<String[]> domains = VmsCollector.domains(" Id   Name   State\n---------\n 4    win 11 pro   running\n\n");
        assertEquals(List.of("4", "win 11 pro", "running"), List.of(domains.get(0)));
        assertEquals(Map.of("cpu.time", "17", "vcpu.current", "2"),
                VmsCollector.domstats("Domain: 'x'\n  cpu.time=17\n  vcpu.current = 2\n\n"));
    }
}
