package io.fleetglance.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.CpuReading;
import io.fleetglance.proto.FileSystem;
import io.fleetglance.proto.FsReading;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.IngestGrpc;
import io.fleetglance.proto.LoadReading;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.NetInterface;
import io.fleetglance.proto.NetworkReading;
import io.fleetglance.proto.PercpuReading;
import io.fleetglance.proto.PercpuTimes;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SwapReading;
import io.fleetglance.proto.UptimeReading;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The rules of a stream: Hello first, the token, one live agent per name. */
class SessionRulesTest {

    /** A gRPC channel to {@code hub}'s ingest, over TLS trusting the hub's CA (plaintext for an insecure hub). */
    static ManagedChannel channel(Hub hub) throws Exception {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress("127.0.0.1", hub.ingestPort());
        if (hub.settings().tls() == null) {
            return b.usePlaintext().build();
        }
        return b.sslContext(GrpcSslContexts.forClient()
                .trustManager(hub.settings().tls().authority()).build()).build();
    }

    /** Opens a raw stream, sends {@code first}, and returns how the hub ended it (or its first answer). */
    static Object exchange(Hub hub, AgentMessage first) throws Exception {
        ManagedChannel channel = channel(hub);
        try {
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            StreamObserver<AgentMessage> requests = IngestGrpc.newStub(channel).connect(new StreamObserver<>() {
                @Override
                public void onNext(HubMessage value) {
                    outcome.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                    outcome.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    outcome.complete("completed");
                }
            });
            requests.onNext(first);
            Object result = outcome.get(10, TimeUnit.SECONDS);
            requests.onCompleted();
            return result;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static AgentMessage hello(String name, String id, String token) {
        return hello(name, id, token, "credential-of-" + id);
    }

    static AgentMessage hello(String name, String id, String token, String credential) {
        return AgentMessage.newBuilder().setHello(Hello.newBuilder().setHostName(name).setAgentId(id)
                .setAgentVersion("test").setToken(token).setCredential(credential).setNextSeq(1)).build();
    }

    @Test
    void secondAgentClaimingALiveNameIsRefusedAndTheFirstKeepsWorking() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            CollectorSet collectors = CollectorSet.standard(HostRoot.system());
            Agent first = new Agent(AgentSettings.of("127.0.0.1", hub.ingestPort(),
                    HubTrust.pinned(hub.settings().tls().fingerprint()), "shared-name",
                    "id-first-0001")
                    .withPeriod(Duration.ofMillis(200)), collectors.all(), collectors.processes());
            first.start();
            try {
                assertTrue(await(() -> hub.registry().find("shared-name").map(Host::lastSeq).orElse(0L) >= 2));

                Object outcome = exchange(hub, hello("shared-name", "id-second-002", ""));
                Status status = (Status) outcome;
                assertEquals(Status.Code.PERMISSION_DENIED, status.getCode());
                assertTrue(status.getDescription().contains("'shared-name' is enrolled with another agent's "
                        + "credential"), status.getDescription());
                assertFalse(status.getDescription().contains("id-first-0001"), "nothing about the holder");

                Host host = hub.registry().find("shared-name").orElseThrow();
                assertEquals("id-first-0001", host.agentId());
                long before = host.lastSeq();
                assertTrue(await(() -> host.lastSeq() >= before + 2), "the first agent keeps streaming");
                assertTrue(first.connected());
            } finally {
                first.close();
            }
        }
    }

    @Test
    void aNameWhoseAgentIsGonePassesToTheNewcomerOnlyOnceTheOperatorReleasesIt() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            CollectorSet collectors = CollectorSet.standard(HostRoot.system());
            Agent first = new Agent(AgentSettings.of("127.0.0.1", hub.ingestPort(),
                    HubTrust.pinned(hub.settings().tls().fingerprint()), "reused",
                    "id-first-0001").withPeriod(Duration.ofMillis(200)), collectors.all(), collectors.processes());
            first.start();
            assertTrue(await(() -> hub.registry().find("reused").map(Host::lastSeq).orElse(0L) >= 1));
            first.close();
            assertTrue(await(() -> hub.registry().find("reused").orElseThrow().link() == null));
            Status refused = (Status) exchange(hub, hello("reused", "id-second-002", ""));
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getCode(), refused.toString());

            assertTrue(hub.registry().release("reused"));
            Object outcome = exchange(hub, hello("reused", "id-second-002", ""));
            assertTrue(outcome instanceof HubMessage m && m.hasWelcome(), "welcomed: " + outcome);
            assertEquals("id-second-002", hub.registry().find("reused").orElseThrow().agentId());
        }
    }

    @Test
    void wrongTokenIsRefusedAndTheRightOneAccepted() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback().withToken("s3cret-token"))) {
            Status missing = (Status) exchange(hub, hello("h1", "id-token-0001", ""));
            assertEquals(Status.Code.UNAUTHENTICATED, missing.getCode());
            assertTrue(missing.getDescription().contains("enrollment token"), missing.getDescription());
            Status wrong = (Status) exchange(hub, hello("h1", "id-token-0001", "guess"));
            assertEquals(Status.Code.UNAUTHENTICATED, wrong.getCode());
            assertTrue(hub.registry().find("h1").isEmpty(), "a refused agent leaves no host behind");

            Object ok = exchange(hub, hello("h1", "id-token-0001", "s3cret-token"));
            assertTrue(ok instanceof HubMessage m && m.hasWelcome(), "welcomed: " + ok);
        }
    }

    @Test
    void sampleBeforeHelloIsRefused() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            Object outcome = exchange(hub,
                    AgentMessage.newBuilder().setSample(Sample.newBuilder().setSeq(1)).build());
            Status status = (Status) outcome;
            assertEquals(Status.Code.FAILED_PRECONDITION, status.getCode());
            assertTrue(hub.registry().hosts().isEmpty());
        }
    }

    @Test
    void invalidHostNameIsRefused() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            Status status = (Status) exchange(hub, hello("bad/name", "id-bad-000001", ""));
            assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
            assertFalse(hub.registry().find("bad/name").isPresent());
        }
    }

    @Test
    void strangeReadingsNeitherBreakTheStreamNorTheApi() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            ManagedChannel channel = channel(hub);
            List<Long> acks = new CopyOnWriteArrayList<>();
            try {
                StreamObserver<AgentMessage> requests = IngestGrpc.newStub(channel).connect(new StreamObserver<>() {
                    @Override
                    public void onNext(HubMessage m) {
                        if (m.hasAck()) {
                            acks.add(m.getAck().getSeq());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
                requests.onNext(hello("odd", "id-odd-000001", ""));
                // every reading present but empty, NaN gauges, a process with nothing but a negative pid
                Sample odd = Sample.newBuilder().setSeq(1).setWallTimeUs(-5).setMonoTimeNs(Long.MIN_VALUE)
                        .setCpu(CpuReading.getDefaultInstance())
                        .setPercpu(PercpuReading.newBuilder().addCpus(
                                PercpuTimes.getDefaultInstance()))
                        .setLoad(LoadReading.newBuilder().setMin1(Double.NaN)
                                .setMin5(Double.POSITIVE_INFINITY))
                        .setMem(MemReading.getDefaultInstance())
                        .setMemswap(SwapReading.getDefaultInstance())
                        .setProcesses(ProcessTable.newBuilder().addProcesses(
                                Process.newBuilder().setPid(-1)))
                        .setNetwork(NetworkReading.newBuilder().addInterfaces(
                                NetInterface.getDefaultInstance()))
                        .setFs(FsReading.newBuilder().addFilesystems(
                                FileSystem.getDefaultInstance()))
                        .setUptime(UptimeReading.newBuilder().setSeconds(-1))
                        .build();
                requests.onNext(AgentMessage.newBuilder().setSample(odd).build());
                requests.onNext(AgentMessage.newBuilder().setSample(odd.toBuilder().setSeq(2).setWallTimeUs(1))
                        .build());
                assertTrue(await(() -> acks.contains(2L)), "both samples acknowledged (an ack covers the samples "
                        + "before it): " + acks);
                TestHttp http = new TestHttp(hub.port());
                assertEquals(200, http.get("/hosts/odd/api/4/pluginslist").status());
                assertEquals(200, http.get("/hosts/odd/api/4/all").status());
                JsonNode load = http.get("/hosts/odd/api/4/load").json();
                assertTrue(load.get("min1").isNull() && load.get("min5").isNull(), "NaN and infinity serve as null: "
                        + load);
                assertEquals(200, http.get("/api/4/serverslist").status());
                requests.onCompleted();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
