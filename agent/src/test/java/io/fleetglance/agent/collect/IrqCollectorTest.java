package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.IrqLine;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IrqCollectorTest {

    @TempDir
    Path scratch;

    private static List<IrqLine> collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new IrqCollector(root).collect(sample);
        assertTrue(sample.hasIrq());
        return sample.getIrq().getLinesList();
    }

    private static Map<String, Long> totals(List<IrqLine> lines) {
        return lines.stream().collect(Collectors.toMap(IrqLine::getIrqLine, IrqLine::getTotal));
    }

    @Test
    void namesNumberedLinesByNumberAndLastWordAndSumsTheCpus() {
        List<IrqLine> lines = collect(Fixtures.root(Fixtures.DEBIAN_VM));

        // 19 numbered IRQs and 16 named lines on the captured 2-CPU VM, in file order.
        assertEquals(35, lines.size());
        assertEquals(IrqLine.newBuilder().setIrqLine("24_ACPI:Ged").setTotal(1).build(), lines.get(0));
        Map<String, Long> totals = totals(lines);
        assertEquals(14, totals.get("26_ttyS0"));
        assertEquals(43_539, totals.get("36_virtio1-req.0"));
        assertEquals(2310, totals.get("41_virtio3-rx"));
        // LOC: 152790 + 155969; RES: 44441 + 38626.
        assertEquals(308_759, totals.get("LOC"));
        assertEquals(83_067, totals.get("RES"));
        assertEquals(118, totals.get("HYP"));
        assertEquals(0, totals.get("ERR"));
        assertEquals(0, totals.get("PIW"));
    }

    @Test
    void countsLinesWithTextInTheCpuColumnsAsZero() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/interrupts", String.join("\n",
                "           CPU0       CPU1       CPU2       CPU3",
                " 17:     123456          0          0          0  ARMCTRL-level   1 Edge      3f00b880.mailbox",
                "FIQ:              usb_fiq",
                "IPI0:         10         20         30         40  CPU wakeup interrupts",
                "Err:          0",
                ""));

        assertEquals(List.of(
                        IrqLine.newBuilder().setIrqLine("17_3f00b880.mailbox").setTotal(123_456).build(),
                        IrqLine.newBuilder().setIrqLine("FIQ").setTotal(0).build(),
                        IrqLine.newBuilder().setIrqLine("IPI0").setTotal(100).build(),
                        IrqLine.newBuilder().setIrqLine("Err").setTotal(0).build()),
                collect(root));
    }

    @Test
    void givesAnEmptyReadingWithoutProcInterrupts() {
        assertEquals(List.of(), collect(new HostRoot(scratch)));
    }
}
