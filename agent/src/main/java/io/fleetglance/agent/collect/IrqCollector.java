package io.fleetglance.agent.collect;

import io.fleetglance.proto.IrqLine;
import io.fleetglance.proto.IrqReading;
import io.fleetglance.proto.Sample;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the cumulative count of each line of {@code /proc/interrupts}, summed over the CPUs, for the irq plugin. Lines
 * are named as Glances names them: a numbered IRQ by its number and the last word of its line ({@code "1_i8042"}), the
 * others by their name ({@code "LOC"}). Without the file (an OpenVZ container) the reading is empty.
 */
public final class IrqCollector implements Collector {

    private final HostRoot root;

    /** A collector reading {@code /proc/interrupts} under {@code root}. */
    public IrqCollector(HostRoot root) {
        this.root = root;
    }

    @Override
    public List<String> plugins() {
        return List.of("irq");
    }

    @Override
    public void collect(Sample.Builder sample) {
        IrqReading.Builder reading = IrqReading.newBuilder();
        Optional<String> interrupts = ProcText.read(root.resolve("/proc/interrupts"));
        if (interrupts.isPresent()) {
            List<String> lines = ProcText.lines(interrupts.get());
            if (!lines.isEmpty()) {
                // The header names one column per CPU: "CPU0 CPU1 ...".
                int cpus = ProcText.columns(lines.get(0)).size();
                for (int i = 1; i < lines.size(); i++) {
                    IrqLine line = line(ProcText.columns(lines.get(i)), cpus);
                    if (line != null) {
                        reading.addLines(line);
                    }
                }
            }
        }
        sample.setIrq(reading);
    }

    private static IrqLine line(List<String> columns, int cpus) {
        if (columns.size() < 2 || !columns.get(0).endsWith(":")) {
            return null;
        }
        String name = columns.get(0).substring(0, columns.get(0).length() - 1);
        if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            name = name + "_" + columns.get(columns.size() - 1);
        }
        return IrqLine.newBuilder().setIrqLine(name).setTotal(sum(columns, cpus)).build();
    }

    /**
     * The sum of the CPU columns. Short lines (ERR and MIS have one count) sum what they have; a line whose CPU
     * columns are not all counts ("FIQ: usb_fiq" on a Raspberry Pi) counts 0, as in Glances.
     */
    private static long sum(List<String> columns, int cpus) {
        long total = 0;
        int end = Math.min(columns.size(), cpus + 1);
        for (int i = 1; i < end; i++) {
            OptionalLong count = ProcText.unsigned(columns.get(i));
            if (count.isEmpty()) {
                return 0;
            }
            total += count.getAsLong();
        }
        return total;
    }
}
