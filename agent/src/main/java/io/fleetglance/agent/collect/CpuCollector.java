package io.fleetglance.agent.collect;

import io.fleetglance.proto.CpuReading;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.PercpuReading;
import io.fleetglance.proto.PercpuTimes;
import io.fleetglance.proto.Sample;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads the cumulative CPU ticks and event counters of {@code /proc/stat} for the cpu and percpu plugins. */
public final class CpuCollector implements Collector {

    private final KeptOpenFile stat;

    /** A collector reading {@code /proc/stat} under {@code root}. */
    public CpuCollector(HostRoot root) {
        this.stat = new KeptOpenFile(root.resolve("/proc/stat"));
    }

    @Override
    public List<String> plugins() {
        return List.of("cpu", "percpu");
    }

    @Override
    public void collect(Sample.Builder sample) {
        Optional<String> text = stat.read();
        if (text.isEmpty()) {
            return;
        }
        CpuTimes total = null;
        CpuReading.Builder cpu = CpuReading.newBuilder();
        PercpuReading.Builder percpu = PercpuReading.newBuilder();
        for (String line : ProcText.lines(text.get())) {
            if (line.startsWith("cpu")) {
                List<String> columns = ProcText.columns(line);
                String key = columns.get(0);
                CpuTimes times = times(columns);
                if (key.equals("cpu")) {
                    if (times != null) {
                        total = times;
                    }
                } else {
                    OptionalLong number = ProcText.unsigned(key.substring(3));
                    if (number.isPresent() && number.getAsLong() <= Integer.MAX_VALUE && times != null) {
                        percpu.addCpus(PercpuTimes.newBuilder().setCpuNumber((int) number.getAsLong())
                                .setTimes(times));
                    }
                }
            } else if (line.startsWith("ctxt ")) {
                firstCount(line).ifPresent(cpu::setCtxSwitches);
            } else if (line.startsWith("intr ")) {
                // The first number is the total; the hundreds of per-IRQ counts after it are the irq plugin's.
                firstCount(line).ifPresent(cpu::setInterrupts);
            } else if (line.startsWith("softirq ")) {
                firstCount(line).ifPresent(cpu::setSoftInterrupts);
            }
        }
        if (total != null) {
            // Linux does not count system calls; syscalls stays at its default 0.
            sample.setCpu(cpu.setTimes(total));
        }
        if (percpu.getCpusCount() > 0) {
            sample.setPercpu(percpu);
        }
    }

    /** The first number after the key of a {@code key n1 n2 ...} line, without splitting the rest of the line. */
    private static OptionalLong firstCount(String line) {
        int start = line.indexOf(' ');
        while (start < line.length() && line.charAt(start) == ' ') {
            start++;
        }
        int end = line.indexOf(' ', start);
        return ProcText.unsigned(line.substring(start, end < 0 ? line.length() : end).trim());
    }

    /**
     * The tick columns after the line's key, or null when one is not a number or the line stops before idle. Older
     * kernels have fewer columns (no steal before 2.6.11, no guest_nice before 2.6.33); those left out are 0.
     */
    private static CpuTimes times(List<String> columns) {
        if (columns.size() < 5) {
            return null;
        }
        long[] ticks = new long[10];
        int count = Math.min(ticks.length, columns.size() - 1);
        for (int i = 0; i < count; i++) {
            OptionalLong value = ProcText.unsigned(columns.get(i + 1));
            if (value.isEmpty()) {
                return null;
            }
            ticks[i] = value.getAsLong();
        }
        return CpuTimes.newBuilder()
                .setUser(ticks[0])
                .setNice(ticks[1])
                .setSystem(ticks[2])
                .setIdle(ticks[3])
                .setIowait(ticks[4])
                .setIrq(ticks[5])
                .setSoftirq(ticks[6])
                .setSteal(ticks[7])
                .setGuest(ticks[8])
                .setGuestNice(ticks[9])
                .build();
    }
}
