package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.IngestGrpc;
import io.fleetglance.proto.Sample;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest port against hostile peers, over real sockets on loopback: floods of hosts and of Hellos, oversized
 * messages, bytes that are not gRPC, names made to forge log lines, and a peer that goes silent without closing.
 */
class HostileIngestTest {

    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static HubSettings withFleet(String... lines) {
        List<String> all = new ArrayList<>(List.of("[fleet]"));
        all.addAll(List.of(lines));
        return HubSettings.loopback().insecure().withConfig(GlancesConfig.parse("glances.conf", all));
    }

    private static AgentMessage hello(String name, String id) {
        return AgentMessage.newBuilder().setHello(Hello.newBuilder().setHostName(name).setAgentId(id)
                .setAgentVersion("hostile").setNextSeq(1).setCredential("credential-of-" + id)).build();
    }

    /** A stream to the hub: its first answer, or the status it ended with, completes {@code outcome}. */
    private final class RawStream {
        final CompletableFuture<Object> outcome = new CompletableFuture<>();
        final CompletableFuture<Status> end = new CompletableFuture<>();
        final StreamObserver<AgentMessage> requests;

        RawStream(int port) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                    .maxInboundMessageSize(8 << 20).build();
            channels.add(channel);
            requests = IngestGrpc.newStub(channel).connect(new StreamObserver<>() {
                @Override
                public void onNext(HubMessage value) {
                    outcome.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                    outcome.complete(Status.fromThrowable(t));
                    end.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    outcome.complete(Status.OK);
                    end.complete(Status.OK);
                }
            });
        }

        Object send(AgentMessage first) throws Exception {
            requests.onNext(first);
            return outcome.get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean welcomed(Object outcome) {
        return outcome instanceof HubMessage m && m.hasWelcome();
    }

    @Test
    void aFloodPastMaxHostsIsRefusedWhileKnownHostsKeepStreaming() throws Exception {
        try (Hub hub = Hub.start(withFleet("max_hosts=3", "hello_burst=1000"))) {
            Agent keeper = TestAgents.start(hub, "keeper", "id-keeper-0001", Duration.ofMillis(200));
            try {
                assertTrue(TestAgents.await(Duration.ofSeconds(15),
                        () -> hub.registry().find("keeper").map(Host::lastSeq).orElse(0L) >= 2));
                RawStream second = new RawStream(hub.ingestPort());
                assertTrue(welcomed(second.send(hello("second", "id-second-001"))));
                assertTrue(welcomed(new RawStream(hub.ingestPort()).send(hello("third", "id-third-0001"))));

                for (int i = 0; i < 40; i++) {
                    Status refused = (Status) new RawStream(hub.ingestPort()).send(hello("flood-" + i, "id-fl-" + i));
                    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getCode());
                    assertTrue(refused.getDescription().contains("[fleet] max_hosts"), refused.getDescription());
                }
                assertEquals(3, hub.registry().hosts().size());
                assertTrue(hub.registry().find("flood-0").isEmpty());
                // 43 streams ran on the ingest's handler threads, no more of them than cores: a flood of streams
                // does not get a thread each, to share the CPU with the store writer
                long handlers = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("fleetglance-ingest-")).count();
                assertTrue(handlers >= 1 && handlers <= Math.max(2, Runtime.getRuntime().availableProcessors()),
                        handlers + " handler threads");

                long before = hub.registry().find("keeper").orElseThrow().lastSeq();
                assertTrue(TestAgents.await(Duration.ofSeconds(15),
                        () -> hub.registry().find("keeper").orElseThrow().lastSeq() >= before + 3),
                        "the known host keeps streaming");
                // a known host that reconnects is never refused, even with the fleet full
                second.requests.onCompleted();
                assertTrue(TestAgents.await(Duration.ofSeconds(15),
                        () -> hub.registry().find("second").orElseThrow().link() == null));
                assertTrue(welcomed(new RawStream(hub.ingestPort()).send(hello("second", "id-second-001"))));
            } finally {
                keeper.close();
            }
        }
    }

    @Test
    void aHelloFloodFromOneAddressIsRateLimited() throws Exception {
        try (Hub hub = Hub.start(withFleet("hello_burst=5", "hello_rate=0.001").withToken("right-token"));
                CapturedLog log = new CapturedLog()) {
            for (int i = 0; i < 5; i++) {
                Status s = (Status) new RawStream(hub.ingestPort()).send(hello("guess-" + i, "id-guess-" + i));
                assertEquals(Status.Code.UNAUTHENTICATED, s.getCode(), "within the burst: " + s);
            }
            for (int i = 5; i < 20; i++) {
                Status s = (Status) new RawStream(hub.ingestPort()).send(hello("guess-" + i, "id-guess-" + i));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, s.getCode());
                assertTrue(s.getDescription().startsWith("too many Hellos from 127.0.0.1"), s.getDescription());
            }
            assertTrue(hub.registry().hosts().isEmpty());
            assertTrue(log.linesWith("refused a Hello from 127.0.0.1").size() >= 1);
        }
    }

    private static AgentMessage sampleOf(int bytes) {
        return AgentMessage.newBuilder().setSample(Sample.newBuilder().setSeq(1).setUnknownFields(
                UnknownFieldSet.newBuilder().addField(9_999, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFrom(new byte[bytes])).build()).build())).build();
    }

    @Test
    void anOversizedMessageIsRefusedClearlyAndLogged() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback().insecure()); CapturedLog log = new CapturedLog()) {
            RawStream stream = new RawStream(hub.ingestPort());
            assertTrue(welcomed(stream.send(hello("big", "id-big-000001"))));
            stream.requests.onNext(sampleOf(5 << 20));
            Status status = stream.end.get(15, TimeUnit.SECONDS);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode());
            assertTrue(status.getDescription().endsWith("over the hub's limit of 4194304 bytes"),
                    status.getDescription());
            assertTrue(TestAgents.await(Duration.ofSeconds(10), () -> log.linesWith("refused a message of").size()
                    == 1), String.join("\n", log.lines()));
            assertTrue(log.linesWith("refused a message of").get(0).contains("from 127.0.0.1 (host 'big')"));
            assertEquals(0, hub.registry().find("big").orElseThrow().lastSeq(), "nothing of it was ingested");

            // far over the limit, gRPC stops reading it: the stream is reset, and one line says so
            RawStream huge = new RawStream(hub.ingestPort());
            assertTrue(welcomed(huge.send(hello("bigger", "id-bigger-001"))));
            huge.requests.onNext(sampleOf(9 << 20));
            Status reset = huge.end.get(15, TimeUnit.SECONDS);
            assertFalse(reset.isOk());
            assertTrue(TestAgents.await(Duration.ofSeconds(10),
                    () -> log.linesWith("refused a message from 127.0.0.1:").size() == 1), String.join("\n",
                    log.lines()));
            assertEquals(List.of(), log.linesWith("\tat "), "no stack trace");
            assertEquals(List.of(), log.visibleJulRecords().stream().map(r -> r.getLoggerName()).toList());
        }
    }

    @Test
    void garbageAndHttp11OnTheIngestPortCostOneLineEachAndNoStackTrace() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback().insecure()); CapturedLog log = new CapturedLog()) {
            int garbagePort = sendAndClose(hub.ingestPort(), "\u0000\u0001 not an HTTP/2 client at all \u00ff");
            int http11Port = sendAndClose(hub.ingestPort(), "GET /api/4/status HTTP/1.1\r\nHost: hub\r\n\r\n");
            String garbage = "bad connection on the ingest port from 127.0.0.1:" + garbagePort + ":";
            String http11 = "bad connection on the ingest port from 127.0.0.1:" + http11Port + ":";
            assertTrue(TestAgents.await(Duration.ofSeconds(10),
                    () -> log.linesWith(garbage).size() == 1 && log.linesWith(http11).size() == 1),
                    String.join("\n", log.lines()));
            assertTrue(log.linesWith(http11).get(0).endsWith("not HTTP/2 gRPC: an HTTP/1.x request (GET)"),
                    log.linesWith(http11).get(0));
            assertTrue(log.linesWith(garbage).get(0).contains("not the HTTP/2 preface (starting 0x0001"),
                    log.linesWith(garbage).get(0));
            // the hub still serves agents afterwards, and nothing more came of either connection
            assertTrue(welcomed(new RawStream(hub.ingestPort()).send(hello("after", "id-after-0001"))));
            assertEquals(1, log.linesWith(garbage).size());
            assertEquals(1, log.linesWith(http11).size());
            assertEquals(List.of(), log.linesWith("\tat "), "no stack trace");
            assertEquals(List.of(), log.linesWith("Exception"), "no exception");
            assertEquals(List.of(), log.visibleJulRecords().stream().map(r -> r.getLoggerName() + ": "
                    + r.getMessage()).toList(), "gRPC and Netty say nothing of it");
        }
    }

    /** Writes {@code text} on a new connection, waits for the hub to close it, and returns the local port. */
    private static int sendAndClose(int port, String text) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                while (s.getInputStream().read() >= 0) {
                    // what the hub answers (a GOAWAY) does not matter
                }
            } catch (SocketException reset) {
                // closed by the hub: what the test waits for
            }
            return s.getLocalPort();
        }
    }

    @Test
    void namesWithANewlineOrOnlyDotsAreRefusedAndNeverLoggedRaw() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback().insecure()); CapturedLog log = new CapturedLog()) {
            for (String name : List.of("evil\nINFO forged line", ".", "..", "...")) {
                Status s = (Status) new RawStream(hub.ingestPort()).send(hello(name, "id-evil-00001"));
                assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode(), name);
                assertFalse(s.getDescription().contains("\n"), s.getDescription());
            }
            Status badId = (Status) new RawStream(hub.ingestPort()).send(hello("fine", "id\nINFO forged id"));
            assertEquals(Status.Code.INVALID_ARGUMENT, badId.getCode());
            assertTrue(TestAgents.await(Duration.ofSeconds(10),
                    () -> log.linesWith("evil\\nINFO forged line").size() == 1));
            assertEquals(List.of(), log.lines().stream().filter(l -> l.startsWith("INFO forged")).toList());
            assertTrue(hub.registry().hosts().isEmpty());
            assertEquals(404, new TestHttp(hub.port()).get("/hosts/../api/4/cpu").status());
        }
    }

    @Test
    void aPeerThatGoesSilentWithoutClosingHasItsNameReleasedWithinAMinute() throws Exception {
        try (Hub hub = Hub.start(withFleet("keepalive_seconds=1", "keepalive_timeout_seconds=1"));
                TestRelay relay = new TestRelay(0)) {
            relay.retarget(hub.ingestPort());
            RawStream silent = new RawStream(relay.port());
            assertTrue(welcomed(silent.send(hello("ghost", "id-ghost-0001"))));
            assertTrue(hub.registry().find("ghost").orElseThrow().link() != null);
            relay.silence();
            assertTrue(TestAgents.await(Duration.ofSeconds(60),
                    () -> hub.registry().find("ghost").orElseThrow().link() == null), "released by keepalive");
            // the name's owner (its credential) streams again at once: the dead stream no longer holds it
            Object back = new RawStream(hub.ingestPort()).send(hello("ghost", "id-ghost-0001"));
            assertTrue(welcomed(back), "the name is free for its owner again: " + back);
        }
    }
}
