package io.fleetglance.agent.grpc;

import static io.fleetglance.agent.grpc.Http2.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.fleetglance.agent.stream.Backoff;
import io.fleetglance.agent.stream.Outbox;
import io.fleetglance.agent.stream.SessionListener;
import io.fleetglance.agent.stream.StreamClient;
import io.fleetglance.proto.Command;
import io.fleetglance.proto.CommandReply;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Welcome;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A hub that welcomes the agent, then stops reading its socket (a wedged process, a full disk, a cut link). */
class StalledPeerTest {

    private static final int SAMPLES = 60;

    @Test
    void aHubThatStopsReadingNeitherHangsTheAgentNorLosesItsSamples() throws Exception {
        Outbox outbox = new Outbox(1_000, 64L << 20);
        byte[] filler = new byte[256 * 1024];
        for (int i = 1; i <= SAMPLES; i++) {
            outbox.add(Sample.newBuilder().setSeq(i).setUnknownFields(UnknownFieldSet.newBuilder().addField(9_999,
                    UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(filler)).build())
                    .build()).build());
        }
        CountDownLatch testDone = new CountDownLatch(1);
        AtomicInteger welcomes = new AtomicInteger();
        try (RawHttp2Peer peer = new RawHttp2Peer()) {
            Thread server = new Thread(() -> {
                try {
                    peer.accept();
                    // windows that never hold the agent back: only the socket does
                    peer.send(Http2.settings(SETTINGS_INITIAL_WINDOW_SIZE, Integer.MAX_VALUE));
                    peer.send(WINDOW_UPDATE, 0, 0, RawHttp2Peer.int32(Integer.MAX_VALUE - DEFAULT_WINDOW));
                    peer.readUntil(HEADERS);
                    peer.readUntil(DATA);                      // the Hello
                    peer.send(HEADERS, FLAG_END_HEADERS, 1, RawHttp2Peer.responseHeaders());
                    peer.send(DATA, 0, 1, RawHttp2Peer.grpcMessage(HubMessage.newBuilder().setWelcome(
                            Welcome.newBuilder().setHubVersion("stalled").setLastHandledSeq(0)).build()
                            .toByteArray()));
                    testDone.await(60, TimeUnit.SECONDS);      // reads nothing more, and never closes
                } catch (Exception e) {
                    // the test ends by closing the peer
                }
            }, "stalled-peer");
            server.start();
            StreamClient client = new StreamClient("127.0.0.1", peer.port(),
                    GrpcCall.Options.defaults("fleetglance-agent/test")
                            .withKeepAlive(Duration.ofMillis(300), Duration.ofMillis(300)),
                    GrpcCall::connect,
                    () -> Hello.newBuilder().setHostName("stalled").setAgentId("id-stalled-01").setNextSeq(1).build(),
                    outbox, new SessionListener() {
                        @Override
                        public void onWelcome(Welcome welcome) {
                            welcomes.incrementAndGet();
                        }

                        @Override
                        public CommandReply onCommand(Command command) {
                            return CommandReply.newBuilder().setId(command.getId()).build();
                        }
                    }, new Backoff(Duration.ofMillis(100), Duration.ofMillis(500), 0, new Random(1)));
            try {
                client.start();
                assertTrue(await(() -> welcomes.get() == 1 && client.connected()), "welcomed");
                assertTrue(await(() -> !client.connected()), "the stalled session is given up by the keepalive");
                assertEquals(SAMPLES, outbox.size(), "every sample still waits for the hub's ack");
                assertEquals(0, outbox.ackedSeq());
            } finally {
                Thread closer = new Thread(client::close, "closer");
                closer.start();
                closer.join(30_000);
                testDone.countDown();
                assertFalse(closer.isAlive(), "the agent stops");
            }
            assertFalse(client.connected());
        }
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
