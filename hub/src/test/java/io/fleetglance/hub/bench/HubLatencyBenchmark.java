package io.fleetglance.hub.bench;

import io.fleetglance.agent.Agent;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the hub's latency for {@code GET /hosts/{h}/api/4/cpu}: 1,000 sequential requests on loopback after a
 * warm-up, with a real agent streaming. A benchmark, not a test: it asserts nothing about time and is excluded from
 * the normal build; run it with {@code bench/hub-latency.sh}.
 */
@Tag("benchmark")
class HubLatencyBenchmark {

    @Test
    void cpuRequestLatency() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            CollectorSet collectors = CollectorSet.standard(HostRoot.system());
            Agent agent = new Agent(AgentSettings.of("127.0.0.1", hub.ingestPort(),
                    HubTrust.pinned(hub.settings().tls().fingerprint()), "bench", "id-bench-0001")
                    .withPeriod(Duration.ofSeconds(1)), collectors.all(), collectors.processes());
            agent.start();
            try {
                while (hub.registry().find("bench").map(h -> h.lastSeq()).orElse(0L) < 3) {
                    Thread.sleep(100);
                }
                HttpClient client = HttpClient.newHttpClient();
                String[] paths = {"/hosts/bench/api/4/cpu", "/hosts/bench/api/4/mem", "/api/4/status"};
                // Warm every route before measuring any: a hub in service has long been compiled by the JIT, and
                // the route measured first would otherwise pay for the others' warm-up.
                for (int round = 0; round < 1000; round++) {
                    for (String path : paths) {
                        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
                                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    }
                }
                for (String path : paths) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
                            .GET().build();
                    int n = 1000;
                    long[] nanos = new long[n];
                    for (int i = 0; i < n; i++) {
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        nanos[i] = System.nanoTime() - t0;
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(path + " answered " + r.statusCode());
                        }
                    }
                    Arrays.sort(nanos);
                    System.out.printf("BENCH GET %-28s n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms%n", path, n,
                            nanos[n / 2] / 1e6, nanos[(int) (n * 0.99)] / 1e6, nanos[n - 1] / 1e6);
                }
            } finally {
                agent.close();
            }
        }
    }
}
