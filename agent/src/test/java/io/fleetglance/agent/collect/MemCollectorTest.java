package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemCollectorTest {

    private static final long KB = 1024;

    @TempDir
    Path scratch;

    private static Sample collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new MemCollector(root).collect(sample);
        return sample.build();
    }

    @Test
    void readsMeminfoInBytesWithPsutilsCached() {
        MemReading mem = collect(Fixtures.root(Fixtures.DEBIAN_VM)).getMem();

        assertEquals(24_684_096 * KB, mem.getTotal());
        assertEquals(24_521_800 * KB, mem.getFree());
        assertEquals(24_444_388 * KB, mem.getAvailable());
        assertEquals(1_640 * KB, mem.getBuffers());
        // Cached 66860 kB + SReclaimable 27464 kB
        assertEquals(94_324 * KB, mem.getCached());
        assertEquals(8_788 * KB, mem.getShared());
        assertEquals(33_548 * KB, mem.getActive());
        assertEquals(31_872 * KB, mem.getInactive());
        assertEquals(48_468 * KB, mem.getSlab());
    }

    @Test
    void readsTheBiggerServer() {
        MemReading mem = collect(Fixtures.root(Fixtures.SERVER)).getMem();

        assertEquals(65_843_212 * KB, mem.getTotal());
        assertEquals(30_234_567 * KB, mem.getAvailable());
        // Cached 25123456 kB + SReclaimable 1234567 kB
        assertEquals(26_358_023 * KB, mem.getCached());
        assertEquals(2_345_678 * KB, mem.getShared());
    }

    @Test
    void estimatesAvailableOnKernelsWithoutMemAvailable() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/meminfo", """
                MemTotal:        1000 kB
                MemFree:          100 kB
                Buffers:           20 kB
                Cached:           300 kB
                SReclaimable:       5 kB
                """);

        // free 100 + buffers 20 + cached (300 + 5)
        assertEquals(425 * KB, collect(root).getMem().getAvailable());
    }

    @Test
    void skipsBrokenLinesOfMeminfo() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/meminfo", """
                MemTotal:        1000 kB
                MemFree:      garbage kB
                this line has no colon
                Buffers:
                Shmem:             7 kB
                """);

        MemReading mem = collect(root).getMem();

        assertEquals(1000 * KB, mem.getTotal());
        assertEquals(0, mem.getFree());
        assertEquals(7 * KB, mem.getShared());
    }

    @Test
    void leavesMemAbsentWithoutMemTotal() throws IOException {
        assertFalse(collect(new HostRoot(scratch)).hasMem());

        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/meminfo", "MemFree: 100 kB\n");
        assertFalse(collect(root).hasMem());
    }
}
