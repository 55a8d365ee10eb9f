package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetglance.proto.FileSystem;
import io.fleetglance.proto.NetInterface;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every collector on the machine running the tests: no exact values, only what holds on any Linux host. */
class RealMachineSmokeTest {

    private static Sample sample;

    @BeforeAll
    static void collectTheRealMachine() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs a Linux /proc");
        Sample.Builder builder = Sample.newBuilder();
        for (Collector collector : CollectorSet.standard(HostRoot.system()).all()) {
            collector.collect(builder);
        }
        sample = builder.build();
    }

    @Test
    void countsAtLeastOneCpu() {
        assertTrue(sample.getCore().getLog() >= 1);
        assertTrue(sample.getCore().getPhys() >= 1);
        assertTrue(sample.getCore().getPhys() <= sample.getCore().getLog());
        assertTrue(sample.getPercpu().getCpusCount() >= 1);
        assertTrue(sample.getCpu().getTimes().getIdle() > 0);
    }

    @Test
    void readsMemoryAndUptime() {
        assertTrue(sample.getMem().getTotal() > 0);
        assertTrue(sample.getMem().getAvailable() <= sample.getMem().getTotal());
        assertTrue(sample.getUptime().getSeconds() > 0);
        assertTrue(sample.getUptime().getBootTimeS() > 0);
        assertTrue(sample.hasLoad());
    }

    @Test
    void findsThisJvmInTheProcessTable() {
        long self = ProcessHandle.current().pid();
        Process jvm = sample.getProcesses().getProcessesList().stream()
                .filter(p -> p.getPid() == self)
                .findFirst()
                .orElseThrow(() -> new AssertionError("pid " + self + " not in the process table"));

        assertFalse(jvm.getName().isEmpty());
        assertTrue(jvm.getNumThreads() >= 1);
        assertTrue(jvm.getRss() > 0);
        assertTrue(jvm.getStartTime() > 0);
        assertFalse(jvm.getFacts().getCmdlineList().isEmpty());
        // pid_max is a sysctl file, which answers EOF to reads past offset 0: a half-read file gives a tiny value.
        assertTrue(sample.getProcesses().getPidMax() > self);
        assertEquals(sample.getMem().getTotal(), sample.getProcesses().getMemTotal());
    }

    @Test
    void findsTheLoopbackInterfaceUpWithItsAddress() {
        NetInterface lo = sample.getNetwork().getInterfacesList().stream()
                .filter(nic -> nic.getName().equals("lo"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no lo in " + sample.getNetwork()));

        assertTrue(lo.getIsUp());
        assertTrue(lo.getHasStats());
        assertTrue(lo.getHasIpv4());
        assertTrue(lo.getMtu() > 0);
        assertEquals(lo.getBytesRecv(), lo.getBytesSent(), "what lo sends, it receives");
    }

    @Test
    void readsIoCountersOfTheBootDisk() {
        assertFalse(sample.getDiskio().getDisksList().isEmpty());
        // The machine booted from one of its block devices, so at least one has read something.
        assertTrue(sample.getDiskio().getDisksList().stream()
                .anyMatch(disk -> disk.getReadCount() > 0 && disk.getReadBytes() > 0), sample.getDiskio().toString());
    }

    @Test
    void measuresTheRootFileSystem() {
        FileSystem root = sample.getFs().getFilesystemsList().stream()
                .filter(fs -> fs.getMntPoint().equals("/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no / in " + sample.getFs()));

        assertTrue(root.getSize() > 0);
        assertTrue(root.getUsed() + root.getFree() <= root.getSize());
    }

    @Test
    void describesTheSystem() {
        assertEquals("Linux", sample.getSystem().getOs().getOsName());
        assertFalse(sample.getSystem().getOs().getHostname().isEmpty());
        assertFalse(sample.getSystem().getOs().getOsVersion().isEmpty());
    }
}
