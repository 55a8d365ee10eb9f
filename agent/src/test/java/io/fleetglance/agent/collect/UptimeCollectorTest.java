package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.UptimeReading;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UptimeCollectorTest {

    @TempDir
    Path scratch;

    private static Sample collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new UptimeCollector(root).collect(sample);
        return sample.build();
    }

    @Test
    void readsSecondsSinceBootAndBootTime() {
        assertEquals(UptimeReading.newBuilder().setSeconds(445.84).setBootTimeS(1_795_714_341L).build(),
                collect(Fixtures.root(Fixtures.DEBIAN_VM)).getUptime());
        assertEquals(UptimeReading.newBuilder().setSeconds(1_234_567.89).setBootTimeS(1_764_000_000L).build(),
                collect(Fixtures.root(Fixtures.SERVER)).getUptime());
    }

    @Test
    void keepsBootTimeWhenUptimeIsMissing() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/stat", "cpu  1 2 3 4\nbtime 1700000000\n");

        assertEquals(UptimeReading.newBuilder().setBootTimeS(1_700_000_000L).build(), collect(root).getUptime());
    }

    @Test
    void leavesUptimeAbsentWhenNothingCanBeRead() throws IOException {
        assertFalse(collect(new HostRoot(scratch)).hasUptime());

        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/uptime", "soon\n");
        Fixtures.write(root, "/proc/stat", "btime yesterday\n");
        assertFalse(collect(root).hasUptime());
    }
}
