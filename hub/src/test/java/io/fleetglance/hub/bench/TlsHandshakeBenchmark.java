package io.fleetglance.hub.bench;

import io.fleetglance.agent.grpc.GrpcCall;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints how long an agent takes to open its connection to a hub on loopback: TCP alone (what --insecure does), and
 * TCP plus the TLS 1.3 handshake with ALPN h2, verified against a pinned fingerprint (the agent's own JDK client).
 * A benchmark, excluded from the normal build: {@code bench/tls-handshake.sh}.
 */
@Tag("benchmark")
class TlsHandshakeBenchmark {

    private static final int WARMUP = 200;
    private static final int ROUNDS = 500;

    @Test
    void handshakes() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            int port = hub.ingestPort();
            var tcp = HubTrust.insecure().connector("127.0.0.1", port, Duration.ofSeconds(10));
            var tls = HubTrust.pinned(hub.settings().tls().fingerprint()).connector("127.0.0.1", port,
                    Duration.ofSeconds(10));
            for (var connector : List.of(tcp, tls)) {
                for (int i = 0; i < WARMUP; i++) {
                    connector.open("127.0.0.1", port, 10_000).close();
                }
            }
            print("tcp only (--insecure)", time(tcp, port));
            print("tcp + TLS 1.3 + ALPN h2", time(tls, port));
        }
    }

    private static long[] time(GrpcCall.Connector connector, int port) throws Exception {
        long[] ns = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            Socket s = connector.open("127.0.0.1", port, 10_000);
            ns[i] = System.nanoTime() - start;
            s.close();
        }
        Arrays.sort(ns);
        return ns;
    }

    private static void print(String what, long[] ns) {
        System.out.printf("BENCH agent connect, %s: p50=%.2f ms p90=%.2f ms p99=%.2f ms (%d connections)%n", what,
                ns[ns.length / 2] / 1e6, ns[ns.length * 9 / 10] / 1e6, ns[ns.length * 99 / 100] / 1e6, ns.length);
    }
}
