package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SwapReading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwapCollectorTest {

    @TempDir
    Path scratch;

    private static Sample collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new SwapCollector(root).collect(sample);
        return sample.build();
    }

    @Test
    void readsSwapInUseAndItsTrafficInBytes() {
        SwapReading swap = collect(Fixtures.root(Fixtures.SERVER)).getMemswap();

        assertEquals(8_388_604L * 1024, swap.getTotal());
        assertEquals(6_291_452L * 1024, swap.getFree());
        // pswpin and pswpout are pages: × 4096
        assertEquals(123_456L * 4096, swap.getSin());
        assertEquals(234_567L * 4096, swap.getSout());
    }

    @Test
    void readsZerosOnAMachineWithoutSwap() {
        // Glances answers total 0, free 0, sin 0, sout 0 on this VM (glances-samples/memswap.json).
        assertEquals(SwapReading.getDefaultInstance(), collect(Fixtures.root(Fixtures.DEBIAN_VM)).getMemswap());
        assertTrue(collect(Fixtures.root(Fixtures.DEBIAN_VM)).hasMemswap());
    }

    @Test
    void keepsSizesWhenVmstatCannotBeRead() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.SERVER, scratch);
        Files.delete(root.resolve("/proc/vmstat"));

        SwapReading swap = collect(root).getMemswap();

        assertEquals(8_388_604L * 1024, swap.getTotal());
        assertEquals(0, swap.getSin());
        assertEquals(0, swap.getSout());
    }

    @Test
    void leavesMemswapAbsentWithoutSwapTotal() throws IOException {
        assertFalse(collect(new HostRoot(scratch)).hasMemswap());

        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/meminfo", "MemTotal: 100 kB\n");
        assertFalse(collect(root).hasMemswap());
    }

    @Test
    void findsVmstatCountersByTheirWholeKeyAnywhereInTheText() {
        String vmstat = "pswpin 12\npgpgin 5\npswpout_extra 7\npswpout 34\nnr_free_pages x\n";

        assertEquals(OptionalLong.of(12), SwapCollector.pages(vmstat, "pswpin"), "the first line");
        assertEquals(OptionalLong.of(34), SwapCollector.pages(vmstat, "pswpout"), "not the longer key before it");
        assertEquals(OptionalLong.of(5), SwapCollector.pages("pgpgin 5", "pgpgin"), "the only line, no line end");
        assertEquals(OptionalLong.empty(), SwapCollector.pages(vmstat, "nr_free_pages"), "not a count");
        assertEquals(OptionalLong.empty(), SwapCollector.pages(vmstat, "pgpgout"), "absent");
    }
}
