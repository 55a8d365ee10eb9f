package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Sample;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Readings that several collectors of one sample share. */
class ReusedTest {

    @Test
    void theMemoryCollectorsOfOneSampleReadMeminfoOnce() {
        HostRoot root = Fixtures.root(Fixtures.DEBIAN_VM);
        AtomicInteger reads = new AtomicInteger();
        AtomicLong now = new AtomicLong();
        Supplier<Optional<MemInfo>> source = MemInfo.reader(root);
        Reused<Optional<MemInfo>> meminfo = new Reused<>(() -> {
            reads.incrementAndGet();
            return source.get();
        }, 500, now::get);
        Sample.Builder sample = Sample.newBuilder();
        new MemCollector(meminfo).collect(sample);
        new SwapCollector(root, meminfo).collect(sample);
        now.addAndGet(499);
        new ProcessCollector(root, meminfo).collect(sample);

        assertEquals(1, reads.get(), "mem, memswap and the process table of one sample: one read");
        assertTrue(sample.getMem().getTotal() > 0);
        assertEquals(sample.getMem().getTotal(), sample.getProcesses().getMemTotal());
        assertTrue(sample.hasMemswap());

        now.addAndGet(1);
        new MemCollector(meminfo).collect(sample.clear());
        assertEquals(2, reads.get(), "the next sample reads it again");
    }

    @Test
    void aSampleSharesReadingsForLessThanTheShortestPeriod() {
        assertTrue(Reused.WITHIN_SAMPLE_NANOS < 1_000_000_000L, "the shortest period is 1 s");
    }
}
