package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fleetglance.proto.CoreReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void leavesCoreAbsentWhenNothingCanBeRead() {
        assertFalse(collect(new HostRoot(scratch)).hasCore());
    }
}
