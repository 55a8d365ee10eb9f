package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fleetglance.proto.LoadReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCollectorTest {

    @TempDir
    Path scratch;

    private static Sample collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new LoadCollector(root).collect(sample);
        return sample.build();
    }

    @Test
    void readsTheThreeLoadAveragesFromProcLoadavg() {
        assertEquals(LoadReading.newBuilder().setMin1(0.15).setMin5(0.28).setMin15(0.15).build(),
                collect(Fixtures.root(Fixtures.DEBIAN_VM)).getLoad());
        assertEquals(LoadReading.newBuilder().setMin1(3.52).setMin5(2.87).setMin15(2.41).build(),
                collect(Fixtures.root(Fixtures.SERVER)).getLoad());
    }

    @Test
    void leavesLoadAbsentWithoutProcLoadavg() {
        assertFalse(collect(new HostRoot(scratch)).hasLoad());
    }

    @Test
    void leavesLoadAbsentWhenLoadavgIsMalformed() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/loadavg", "0.5 NaN 0.1 1/2 3\n");

        assertFalse(collect(root).hasLoad());
    }
}
