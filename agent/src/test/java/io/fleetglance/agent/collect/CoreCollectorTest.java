package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fleetglance.proto.CoreReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreCollectorTest {

    @TempDir
    Path scratch;

    private static Sample collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new CoreCollector(root).collect(sample);
        return sample.build();
    }

    private static CoreReading core(int phys, int log) {
        return CoreReading.newBuilder().setPhys(phys).setLog(log).build();
    }

    /** Deletes every file of the fixture copy named {@code name}. */
    private static void deleteAll(HostRoot root, String name) throws IOException {
        try (Stream<Path> files = Files.walk(root.root())) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(name)).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void countsOnePhysicalCorePerVcpuOnTheCapturedVm() {
        // Glances answers {"phys": 2, "log": 2} on this VM (glances-samples/core.json).
        assertEquals(core(2, 2), collect(Fixtures.root(Fixtures.DEBIAN_VM)).getCore());
    }

    @Test
    void countsDistinctCoreCpuListsAsPhysicalCores() {
        // 8 logical CPUs name 4 sibling sets: "0,4", "1,5", "2,6", "3,7".
        assertEquals(core(4, 8), collect(Fixtures.root(Fixtures.SERVER)).getCore());
    }

    @Test
    void fallsBackToThreadSiblingsListOnKernelsBefore53() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        deleteAll(root, "core_cpus_list");

        assertEquals(core(4, 8), collect(root).getCore());
    }

    @Test
    void fallsBackToCpuinfoCoreIdsWithoutTopology() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        deleteAll(root, "core_cpus_list");
        deleteAll(root, "thread_siblings_list");

        // (physical id, core id) pairs: (0,0) (0,1) (1,0) (1,1), each seen twice.
        assertEquals(core(4, 8), collect(root).getCore());
    }

    @Test
    void takesEveryLogicalCpuAsACoreWhenNothingDescribesCores() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/cpuinfo", """
                processor\t: 0
                model name\t: ARMv7

                processor\t: 1
                model name\t: ARMv7
                """);

        assertEquals(core(2, 2), collect(root).getCore());
    }

    @Test
    void countsCpuLinesOfProcStatWithoutCpuinfo() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/stat", "cpu  1 2 3 4\ncpu0 1 1 1 1\ncpu1 1 1 1 1\ncpu2 0 1 1 1\nctxt 7\n");

        assertEquals(core(3, 3), collect(root).getCore());
    }

    /** Takes CPUs 4-7 of the server fixture offline as the kernel shows it, except in the online file. */
    private static void takeCpus4To7Offline(HostRoot root) throws IOException {
        StringBuilder cpuinfo = new StringBuilder();
        for (int cpu = 0; cpu < 4; cpu++) {
            cpuinfo.append("processor\t: ").append(cpu).append("\nphysical id\t: ").append(cpu / 2)
                    .append("\ncore id\t\t: ").append(cpu % 2).append("\n\n");
        }
        Fixtures.write(root, "/proc/cpuinfo", cpuinfo.toString());
        for (int cpu = 0; cpu < 4; cpu++) {
            Fixtures.write(root, "/sys/devices/system/cpu/cpu" + cpu + "/topology/core_cpus_list", cpu + "\n");
            // An offline CPU has no topology directory.
            Path topology = root.resolve("/sys/devices/system/cpu/cpu" + (cpu + 4) + "/topology");
            try (Stream<Path> files = Files.list(topology)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(topology);
        }
    }

    @Test
    void countsAgainWhenTheCpusOnlineChange() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        CoreCollector collector = new CoreCollector(root);
        assertEquals(Optional.of(core(4, 8)), collector.read());

        takeCpus4To7Offline(root);
        // The same CPUs online: the counts stand, and nothing but the online file is read for them.
        assertEquals(Optional.of(core(4, 8)), collector.read());

        Fixtures.write(root, "/sys/devices/system/cpu/online", "0-3\n");
        assertEquals(Optional.of(core(4, 4)), collector.read());
    }

    @Test
    void countsAgainAfterTheRefreshUsesWhateverTheOnlineFileSays() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        CoreCollector collector = new CoreCollector(root);
        collector.read();
        takeCpus4To7Offline(root);

        for (int use = 1; use < OnlineCpus.REFRESH_USES; use++) {
            assertEquals(Optional.of(core(4, 8)), collector.read(), "use " + use);
        }
        assertEquals(Optional.of(core(4, 4)), collector.read());
    }

    @Test
    void countsAtEveryReadWithoutAnOnlineFile() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        Files.delete(root.resolve("/sys/devices/system/cpu/online"));
        CoreCollector collector = new CoreCollector(root);
        assertEquals(Optional.of(core(4, 8)), collector.read());

        takeCpus4To7Offline(root);
        assertEquals(Optional.of(core(4, 4)), collector.read());
    }

    @Test
    void leavesCoreAbsentWhenNothingCanBeRead() {
        assertFalse(collect(new HostRoot(scratch)).hasCore());
    }
}
