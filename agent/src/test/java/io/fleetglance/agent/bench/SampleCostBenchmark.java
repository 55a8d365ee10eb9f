package io.fleetglance.agent.bench;

import io.fleetglance.agent.EffectiveConfig;
import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.collect.ProcessCollector;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.wire.SampleDeltas;
import io.fleetglance.proto.Sample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what one sample of every plugin costs on this machine with 500 extra sleeping processes: CPU time of the
 * whole sample and of the process table, per process, and the encoded size of a steady-state sample. It spawns the
 * processes itself and stops them, by their handles, at the end. A benchmark: it asserts nothing about time and is
 * excluded from the normal build; run it with {@code bench/agent-sample-cost.sh}.
 */
@Tag("benchmark")
class SampleCostBenchmark {

    /** The size of {@code bytes} gzipped with the JDK's default level, as the agent's gRPC call sends a message. */
    private static int gzipped(byte[] bytes) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.size();
    }

    @Test
    void everyPluginAtOneSecondWithFiveHundredExtraProcesses() throws Exception {
        int extra = Integer.getInteger("bench.processes", 500);
        int samples = Integer.getInteger("bench.samples", 60);
        List<Process> sleepers = new ArrayList<>();
        try {
            for (int i = 0; i < extra; i++) {
                sleepers.add(new ProcessBuilder("sleep", "600").start());
            }
            CollectorSet collectors = CollectorSet.standard(HostRoot.system());
            // as a real agent does: plugins Glances disables by default (connections, irq, raid, smart...) stay off
            Set<String> disabled = EffectiveConfig
                    .localOnly(GlancesConfig.empty()).disabledPlugins();
            List<Collector> enabled = collectors.all().stream()
                    .filter(c -> !disabled.containsAll(c.plugins())).toList();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] wholeNs = new long[samples];
            long[] tableNs = new long[samples];
            int processes = 0;
            int steadyBytes = 0;
            int steadyGzipped = 0;
            // each sample as the stream sends it to a hub that takes deltas: what changed since the one before
            Sample before = null;
            long[] deltaNs = new long[samples];
            long[] deltaBytes = new long[samples];
            long[] deltaGzipped = new long[samples];
            for (int i = 0; i < samples; i++) {
                long start = System.nanoTime();
                Sample.Builder sample = Sample.newBuilder().setSeq(i + 1);
                long cpu0 = threads.getCurrentThreadCpuTime();
                long table = 0;
                for (Collector c : enabled) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    c.collect(sample);
                    if (c instanceof ProcessCollector) {
                        table = threads.getCurrentThreadCpuTime() - t0;
                    }
                }
                wholeNs[i] = threads.getCurrentThreadCpuTime() - cpu0;
                tableNs[i] = table;
                Sample built = sample.build();
                processes = built.getProcesses().getProcessesCount();
                steadyBytes = built.getSerializedSize();
                steadyGzipped = gzipped(built.toByteArray());
                long d0 = threads.getCurrentThreadCpuTime();
                Sample delta = SampleDeltas.encode(before, built);
                byte[] onWire = (delta != null ? delta : built).toByteArray();
                deltaNs[i] = threads.getCurrentThreadCpuTime() - d0;
                deltaBytes[i] = onWire.length;
                deltaGzipped[i] = Math.min(onWire.length, gzipped(onWire)); // sent as is when gzip does not help
                before = built;
                long left = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - start);
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            }
            // the first samples load classes and warm the JIT: report the steady state apart
            long[] steadyWhole = Arrays.copyOfRange(wholeNs, samples / 6, samples);
            long[] steadyTable = Arrays.copyOfRange(tableNs, samples / 6, samples);
            Arrays.sort(steadyWhole);
            Arrays.sort(steadyTable);
            double wholeMs = steadyWhole[steadyWhole.length / 2] / 1e6;
            double tableMs = steadyTable[steadyTable.length / 2] / 1e6;
            System.out.printf("BENCH %d samples at 1 s, %d processes in the table (%d spawned)%n", samples, processes,
                    extra);
            System.out.printf("BENCH whole sample cpu: p50=%.2f ms max=%.2f ms (first sample %.2f ms)%n", wholeMs,
                    steadyWhole[steadyWhole.length - 1] / 1e6, wholeNs[0] / 1e6);
            System.out.printf("BENCH process table cpu: p50=%.2f ms = %.1f us per process%n", tableMs,
                    tableMs * 1000 / Math.max(1, processes));
            System.out.printf("BENCH steady-state sample encoded: %d bytes (%.1f bytes per process); gzipped as the"
                    + " agent sends it: %d bytes%n", steadyBytes, steadyBytes / (double) Math.max(1, processes),
                    steadyGzipped);
            int from = Math.max(1, samples / 6);
            double meanDelta = Arrays.stream(deltaBytes, from, samples).average().orElse(0);
            double meanDeltaGz = Arrays.stream(deltaGzipped, from, samples).average().orElse(0);
            long[] steadyDelta = Arrays.copyOfRange(deltaNs, from, samples);
            Arrays.sort(steadyDelta);
            int every = 120; // StreamClient.WHOLE_EVERY: a whole sample, then deltas
            System.out.printf("BENCH steady-state sample as a delta: mean %.0f bytes, %.0f as the agent sends it; encoding "
                    + "it p50=%.3f ms; with a whole sample every %d: mean %.0f bytes on the wire%n", meanDelta,
                    meanDeltaGz, steadyDelta[steadyDelta.length / 2] / 1e6, every,
                    (steadyGzipped + (every - 1) * meanDeltaGz) / every);
        } finally {
            for (Process p : sleepers) {
                p.destroy();
            }
            for (Process p : sleepers) {
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
