package io.fleetglance.hub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.IngestGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long the hub takes to refuse 10,000 bogus Hellos (a wrong token) sent over one connection, 64 at a time: once
 * with the per-address Hello limit out of the way (each Hello reaches the token check) and once with the default
 * limit (all but the burst are refused by the rate limit).
 */
@Tag("benchmark")
class HelloFloodBenchmark {

    private static final int HELLOS = 10_000;
    private static final int IN_FLIGHT = 64;

    @Test
    void timeToRejectTenThousandBogusHellos() throws Exception {
        run("token check", Status.Code.UNAUTHENTICATED, List.of("[fleet]", "hello_burst=1000000",
                "hello_rate=1000000"));
        run("rate limit", Status.Code.RESOURCE_EXHAUSTED, List.of("[fleet]"));
    }

    private static void run(String path, Status.Code expected, List<String> fleet) throws Exception {
        HubSettings settings = HubSettings.loopback().withToken("the-real-token")
                .withConfig(GlancesConfig.parse("glances.conf", fleet));
        try (Hub hub = Hub.start(settings)) {
            // over TLS, as agents connect: the hub's ingest speaks nothing else unless started --insecure
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", hub.ingestPort())
                    .sslContext(GrpcSslContexts.forClient().trustManager(hub.settings().tls().authority()).build())
                    .build();
            try {
                flood(channel, 500);                  // warm both sides up
                long t0 = System.nanoTime();
                Map<Status.Code, AtomicLong> outcomes = flood(channel, HELLOS);
                long elapsed = System.nanoTime() - t0;
                long refused = outcomes.values().stream().mapToLong(AtomicLong::get).sum();
                assertEquals(HELLOS, refused);
                // the rate limit lets a few Hellos through to the token check as its bucket refills
                assertTrue(Set.of(Status.Code.UNAUTHENTICATED, Status.Code.RESOURCE_EXHAUSTED)
                        .containsAll(outcomes.keySet()), "refused for the token or the rate only: " + outcomes);
                assertTrue(outcomes.getOrDefault(expected, new AtomicLong()).get() >= HELLOS * 99 / 100,
                        "refused by the " + path + ": " + outcomes);
                assertTrue(hub.registry().hosts().isEmpty());
                System.out.printf("BENCH hello flood (%s): %d bogus Hellos refused in %d ms (%.0f/s); %s%n", path,
                        HELLOS, elapsed / 1_000_000, HELLOS / (elapsed / 1e9), outcomes);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<Status.Code, AtomicLong> flood(ManagedChannel channel, int count) throws InterruptedException {
        Map<Status.Code, AtomicLong> outcomes = new ConcurrentHashMap<>();
        Semaphore window = new Semaphore(IN_FLIGHT);
        IngestGrpc.IngestStub stub = IngestGrpc.newStub(channel);
        for (int i = 0; i < count; i++) {
            window.acquire();
            StreamObserver<AgentMessage> requests = stub.connect(new StreamObserver<>() {
                @Override
                public void onNext(HubMessage value) {
                }

                @Override
                public void onError(Throwable t) {
                    outcomes.computeIfAbsent(Status.fromThrowable(t).getCode(), c -> new AtomicLong())
                            .incrementAndGet();
                    window.release();
                }

                @Override
                public void onCompleted() {
                    window.release();
                }
            });
            requests.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setHostName("bogus-" + i)
                    .setAgentId("id-bogus-" + i).setToken("a-guess-" + i).setAgentVersion("flood")
                    .setCredential("credential-bogus-" + i).setNextSeq(1)).build());
        }
        window.acquire(IN_FLIGHT);
        window.release(IN_FLIGHT);
        return outcomes;
    }
}
