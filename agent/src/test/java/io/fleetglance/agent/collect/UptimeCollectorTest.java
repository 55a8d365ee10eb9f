package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.UptimeReading;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
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
    void cpuAndUptimeReadTheStatOfTheirSampleOnce() throws IOException {
        HostRoot root = Fixtures.root(Fixtures.DEBIAN_VM);
        int[] reads = {0};
        long[] now = {0};
        Reused<Optional<String>> stat = new Reused<>(() -> {
            reads[0]++;
            return ProcText.read(root.resolve("/proc/stat"));
        }, Reused.WITHIN_SAMPLE_NANOS, () -> now[0]);
        CpuCollector cpu = new CpuCollector(stat);
        UptimeCollector uptime = new UptimeCollector(root, stat);
        for (int sample = 1; sample <= 2; sample++) {
            Sample.Builder taken = Sample.newBuilder();
            cpu.collect(taken);
            uptime.collect(taken);
            assertEquals(sample, reads[0], "one read in sample " + sample);
            assertTrue(taken.getCpu().hasTimes());
            assertEquals(1_795_714_341L, taken.getUptime().getBootTimeS());
            now[0] += 1_000_000_000L;
        }
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
