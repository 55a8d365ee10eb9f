package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.CpuReading;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.PercpuTimes;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuCollectorTest {

    @TempDir
    Path scratch;

    private static Sample collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new CpuCollector(root).collect(sample);
        return sample.build();
    }

    private static CpuTimes times(long... ticks) {
        return CpuTimes.newBuilder()
                .setUser(ticks[0]).setNice(ticks[1]).setSystem(ticks[2]).setIdle(ticks[3]).setIowait(ticks[4])
                .setIrq(ticks[5]).setSoftirq(ticks[6]).setSteal(ticks[7]).setGuest(ticks[8]).setGuestNice(ticks[9])
                .build();
    }

    @Test
    void readsCpuTicksAndCountersFromProcStat() {
        CpuReading cpu = collect(Fixtures.root(Fixtures.DEBIAN_VM)).getCpu();

        assertEquals(times(8108, 0, 1755, 78658, 246, 0, 25, 8, 0, 0), cpu.getTimes());
        assertEquals(295091, cpu.getCtxSwitches());
        assertEquals(131160, cpu.getInterrupts());
        assertEquals(68250, cpu.getSoftInterrupts());
        assertEquals(0, cpu.getSyscalls());
    }

    @Test
    void readsCountersBeyondThe32BitRange() {
        CpuReading cpu = collect(Fixtures.root(Fixtures.SERVER)).getCpu();

        assertEquals(2_345_678_901L, cpu.getCtxSwitches());
        assertEquals(987_654_321L, cpu.getInterrupts());
        assertEquals(123_456_789L, cpu.getSoftInterrupts());
    }

    @Test
    void readsEveryCpuLineIntoPercpu() {
        Sample sample = collect(Fixtures.root(Fixtures.SERVER));

        assertEquals(8, sample.getPercpu().getCpusCount());
        for (int n = 0; n < 8; n++) {
            assertEquals(n, sample.getPercpu().getCpus(n).getCpuNumber());
        }
        assertEquals(times(601234, 150, 130211, 11469012, 7001, 0, 9012, 390, 0, 0),
                sample.getPercpu().getCpus(0).getTimes());
        assertEquals(times(584123, 152, 127494, 11483913, 7029, 0, 4232, 389, 0, 0),
                sample.getPercpu().getCpus(7).getTimes());
    }

    @Test
    void readsPercpuOfTheCapturedMachine() {
        Sample sample = collect(Fixtures.root(Fixtures.DEBIAN_VM));

        assertEquals(2, sample.getPercpu().getCpusCount());
        assertEquals(PercpuTimes.newBuilder().setCpuNumber(1).setTimes(times(4088, 0, 949, 39149, 188, 0, 18, 5, 0, 0))
                .build(), sample.getPercpu().getCpus(1));
    }

    @Test
    void fillsMissingTrailingColumnsWithZero() throws IOException {
        HostRoot root = new HostRoot(scratch);
        // A 2.6.24-era stat: no guest_nice, and cpu0 from a kernel without steal and guest.
        Fixtures.write(root, "/proc/stat", "cpu  10 20 30 40 50 60 70 80 90\ncpu0 1 2 3 4 5 6 7\nctxt 5\n");

        Sample sample = collect(root);

        assertEquals(times(10, 20, 30, 40, 50, 60, 70, 80, 90, 0), sample.getCpu().getTimes());
        assertEquals(times(1, 2, 3, 4, 5, 6, 7, 0, 0, 0), sample.getPercpu().getCpus(0).getTimes());
        assertEquals(5, sample.getCpu().getCtxSwitches());
    }

    @Test
    void skipsMalformedLinesAndKeepsTheRest() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/stat", String.join("\n",
                "cpu  10 20 30 40 0 0 0 0 0 0",
                "cpu0 1 2 x 4 0 0 0 0 0 0",
                "cpu1 5 6 7 8 0 0 0 0 0 0",
                "cpuX 1 2 3 4",
                "cpu2 1 2",
                "ctxt -3",
                "intr",
                "softirq 42 1 2",
                ""));

        Sample sample = collect(root);

        assertEquals(times(10, 20, 30, 40, 0, 0, 0, 0, 0, 0), sample.getCpu().getTimes());
        assertEquals(1, sample.getPercpu().getCpusCount());
        assertEquals(1, sample.getPercpu().getCpus(0).getCpuNumber());
        assertEquals(0, sample.getCpu().getCtxSwitches());
        assertEquals(0, sample.getCpu().getInterrupts());
        assertEquals(42, sample.getCpu().getSoftInterrupts());
    }

    @Test
    void leavesReadingsAbsentWithoutProcStat() {
        Sample sample = collect(new HostRoot(scratch));

        assertFalse(sample.hasCpu());
        assertFalse(sample.hasPercpu());
    }

    @Test
    void leavesCpuAbsentWhenTheTotalLineIsMissing() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/stat", "cpu0 1 2 3 4\nctxt 9\n");

        Sample sample = collect(root);

        assertFalse(sample.hasCpu());
        assertTrue(sample.hasPercpu());
    }
}
