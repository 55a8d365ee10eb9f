package io.fleetglance.hub.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the hub's CPU and RSS with N streams (default 200; {@code -Dbench.streams}) at one sample per 2 s, each
 * sample carrying 100 processes, then the answer times of three routes under that load. TLS on ingest as a hub runs
 * by default; {@code -Dbench.tls=false} runs the hub {@code --insecure} (plaintext h2c). A benchmark, excluded from
 * the normal build: {@code bench/hub-fleet-load.sh}.
 */
@Tag("benchmark")
class FleetLoadBenchmark {

    private static final int STREAMS = Integer.getInteger("bench.streams", 200);
    private static final boolean TLS = Boolean.parseBoolean(System.getProperty("bench.tls", "true"));

    @Test
    void twoHundredStreams() throws Exception {
        try (BenchFleet fleet = BenchFleet.start(TLS, "target/bench-hub.log")) {
            fleet.stream(STREAMS, Duration.ofSeconds(2));
            Thread.sleep(30_000); // rates exist, and the hub's JIT has settled: the steady state is measured

            long cpu0 = fleet.cpuTicks();
            long t0 = System.nanoTime();
            Thread.sleep(20_000);
            double ingestCpu = 100.0 * (fleet.cpuTicks() - cpu0) / 100.0 / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("BENCH hub with %d streams (%s), %d processes each, one sample per 2 s: cpu=%.1f%% of "
                    + "one core (%.3f cpu-seconds per 1,000 samples), rss=%.0f MiB%n", STREAMS,
                    TLS ? "TLS 1.3" : "plaintext", BenchFleet.PROCESSES, ingestCpu, ingestCpu / 100.0 * 2000.0 / STREAMS,
                    fleet.rssKiB() / 1024.0);

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
