package io.fleetglance.agent.collect;

import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what each standard collector costs per sample on the machine running it: wall time per collect (mean, p50,
 * p99 over 500 runs after 100 warm-up runs) and the bytes its readings add to a sample on the wire. A benchmark, not
 * a test: it asserts nothing and is excluded from the normal build. Run it with
 * {@code mvn -pl agent test -Dtest=CollectorCostBenchmark -Dfg.excludedGroups=none -Dfg.redirectTestOutput=false
 * -Dsurefire.failIfNoSpecifiedTests=false | grep '^BENCH'}.
 */
@Tag("benchmark")
class CollectorCostBenchmark {

    private static final int WARM_UP = 100;
    private static final int RUNS = 500;

    @Test
    void perSampleCostOfEachCollector() throws IOException {
        CollectorSet collectors = CollectorSet.standard(HostRoot.system());
        collectors.smart().setEnabled(true);
        List<Collector> all = collectors.all();
        long[] totals = new long[RUNS];
        System.out.printf(Locale.ROOT, "BENCH %-22s %10s %10s %10s %8s%n", "collector", "mean_us", "p50_us",
                "p99_us", "bytes");
        for (Collector collector : all) {
            for (int i = 0; i < WARM_UP; i++) {
                collector.collect(Sample.newBuilder());
            }
            long[] nanos = new long[RUNS];
            int bytes = 0;
            for (int i = 0; i < RUNS; i++) {
                Sample.Builder sample = Sample.newBuilder();
                long start = System.nanoTime();
                collector.collect(sample);
                nanos[i] = System.nanoTime() - start;
                totals[i] += nanos[i];
                bytes = sample.build().getSerializedSize();
            }
            print(collector.getClass().getSimpleName(), nanos, bytes);
        }
        print("all (one sample)", totals, -1);
    }

    private static void print(String name, long[] nanos, int bytes) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1000.0;
        System.out.printf(Locale.ROOT, "BENCH %-22s %10.1f %10.1f %10.1f %8s%n", name, mean,
                sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0,
                bytes < 0 ? "" : Integer.toString(bytes));
    }
}
