package io.fleetglance.hub.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the hub's CPU and RSS while simulated hosts stream to it ({@code -Dbench.streams}, default 200, each sending
 * a sample every {@code -Dbench.period} ms, default 2000, with {@code -Dbench.processes} processes, default 100),
 * measured over {@code -Dbench.seconds} (default 20) after {@code -Dbench.warmup} s of warm-up (default 30); what the generator achieved; the mean
 * sample size on the wire; then the answer times of three routes under that load. TLS on ingest as a hub runs by
 * default; {@code -Dbench.tls=false} runs the hub {@code --insecure} (plaintext h2c). A benchmark, excluded from the
 * normal build: {@code bench/hub-fleet-load.sh [STREAMS] [PERIOD_MS] [PROCESSES] [SECONDS]}.
 */
@Tag("benchmark")
class FleetLoadBenchmark {

    private static final int STREAMS = Integer.getInteger("bench.streams", 200);
    private static final int PERIOD_MS = Integer.getInteger("bench.period", 2000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int WARMUP_S = Integer.getInteger("bench.warmup", 30);
    private static final boolean TLS = Boolean.parseBoolean(System.getProperty("bench.tls", "true"));

    @Test
    void fleetUnderLoad() throws Exception {
        try (BenchFleet fleet = BenchFleet.start(TLS, "target/bench-hub.log", STREAMS)) {
            fleet.stream(STREAMS, Duration.ofMillis(PERIOD_MS));
            Thread.sleep(WARMUP_S * 1000L); // rates exist, and the hub's JIT has settled: the steady state is measured

            long cpu0 = fleet.cpuTicks();
            long sent0 = fleet.sent.get();
            long bytes0 = fleet.sentBytes.get();
            long acks0 = fleet.acks.get();
            fleet.slowestTickNs.set(0);
            long t0 = System.nanoTime();
            List<Double> rss = new ArrayList<>();
            for (int s = 0; s < SECONDS; s++) {
                Thread.sleep(1000);
                rss.add(fleet.rssKiB() / 1024.0);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double ingestCpu = 100.0 * (fleet.cpuTicks() - cpu0) / 100.0 / seconds;
            long sent = fleet.sent.get() - sent0;
            long acked = fleet.acks.get() - acks0;
            System.out.printf("BENCH steady: %d streams (%s), %d processes each, one sample per %d ms: hub cpu=%.1f%% "
                    + "of one core (%.3f cpu-seconds per 1,000 samples acknowledged), rss min/mean/max=%.0f/%.0f/%.0f "
                    + "MiB%n", STREAMS, TLS ? "TLS 1.3" : "plaintext", BenchFleet.PROCESSES, PERIOD_MS, ingestCpu,
                    ingestCpu / 100.0 * seconds * 1000.0 / Math.max(1, acked), Collections.min(rss),
                    rss.stream().mapToDouble(Double::doubleValue).average().orElse(0), Collections.max(rss));
            System.out.printf("BENCH generator: %d samples sent and %d acknowledged in %.0f s (%d expected), slowest "
                    + "tick %.0f ms%n", sent, acked, seconds, Math.round(STREAMS * seconds * 1000 / PERIOD_MS),
                    fleet.slowestTickNs.get() / 1e6);
            // deltas and a whole sample every StreamClient.WHOLE_EVERY, as agents send them (whole ones only with
            // -Dbench.deltas=false, as agents older than deltas send them)
            System.out.printf("BENCH sample size: %d bytes (%d gzipped, as agents and this generator send it)%n",
                    (fleet.sentBytes.get() - bytes0) / Math.max(1, sent), fleet.sentGzipped.get() / Math.max(1,
                    fleet.sent.get() / STREAMS));

            String[] paths = {"/hosts/bench-17/api/4/cpu", "/hosts/bench-17/api/4/all",
                    "/hosts/bench-17/api/4/processlist"};
            // warm every request path first, so that no path pays the JIT for the others
            for (int i = 0; i < 500; i++) {
                for (String path : paths) {
                    fleet.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.rest + path)).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
            }
            for (String path : paths) {
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.rest + path)).build();
                long c0 = fleet.cpuTicks();
                long w0 = System.nanoTime();
                long[] ns = new long[1000];
                int bytes = 0;
                for (int i = 0; i < ns.length; i++) {
                    long s = System.nanoTime();
                    HttpResponse<byte[]> r = fleet.http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    ns[i] = System.nanoTime() - s;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(path + " answered " + r.statusCode());
                    }
                    bytes = r.body().length;
                }
                double cpu = 100.0 * (fleet.cpuTicks() - c0) / 100.0 / ((System.nanoTime() - w0) / 1e9);
                Arrays.sort(ns);
                System.out.printf("BENCH GET %-36s %6d bytes p50=%.3f ms p99=%.3f ms (hub cpu while asked: %.0f%%)%n",
                        path, bytes, ns[500] / 1e6, ns[990] / 1e6, cpu);
            }
        }
    }
}
