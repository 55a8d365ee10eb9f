package io.fleetglance.agent.grpc;

import static io.fleetglance.agent.grpc.Http2.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fleetglance.agent.stream.StreamClient;
import io.fleetglance.proto.Ack;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.CommandReply;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.Welcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The agent's HTTP/2 connection against a raw peer that sends what the test writes, frame by frame: header blocks cut
 * into CONTINUATIONs, padding, SETTINGS changed mid-stream, resets, GOAWAYs, undecodable headers and windows past
 * 2^31-1. Each ends the call with the status grpc-java would give, and tells the peer what HTTP/2 asks.
 */
class Http2FaultTest {

    private static final GrpcCall.Options OPTIONS = GrpcCall.Options.defaults("fleetglance-agent/test");

    private interface Script {
        void run(RawHttp2Peer peer) throws Exception;
    }

    private static final class Recorder implements GrpcCall.Listener {
        final BlockingQueue<HubMessage> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<GrpcStatus> closed = new CompletableFuture<>();

        @Override
        public void onMessage(byte[] message) {
            try {
                messages.add(HubMessage.parseFrom(message));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onClose(GrpcStatus status) {
            closed.complete(status);
        }

        GrpcStatus awaitClose() throws Exception {
            return closed.get(15, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code script} as the server of one call and returns how the call ended; the script must succeed too. */
    private static GrpcStatus call(GrpcCall.Options options, Script script, Recorder r) throws Exception {
        try (RawHttp2Peer peer = new RawHttp2Peer()) {
            CompletableFuture<Void> served = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    script.run(peer);
                    served.complete(null);
                } catch (Throwable e) {
                    served.completeExceptionally(e);
                }
            }, "raw-http2-peer");
            t.start();
            GrpcCall.start("127.0.0.1", peer.port(), StreamClient.CONNECT_METHOD, r, options);
            GrpcStatus status = r.awaitClose();
            try {
                served.get(15, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("the peer failed; the call ended with " + status, e.getCause());
            }
            return status;
        }
    }

    private static byte[] welcome() {
        return HubMessage.newBuilder().setWelcome(Welcome.newBuilder().setHubVersion("raw").setLastHandledSeq(7))
                .build().toByteArray();
    }

    @Test
    void headersInContinuationsAndPaddedFramesAreReassembled() throws Exception {
        Recorder r = new Recorder();
        GrpcStatus status = call(OPTIONS, peer -> {
            peer.handshake();
            byte[] block = RawHttp2Peer.responseHeaders();
            // HEADERS padded and with a priority, then two CONTINUATIONs carrying the rest of the block
            byte[] first = new byte[5 + 3];
            System.arraycopy(block, 0, first, 5, 3);
            peer.send(HEADERS, FLAG_PADDED | FLAG_PRIORITY, 1, RawHttp2Peer.padded(first, 7));
            peer.send(CONTINUATION, 0, 1, Arrays.copyOfRange(block, 3, 10));
            peer.send(CONTINUATION, FLAG_END_HEADERS, 1, Arrays.copyOfRange(block, 10, block.length));
            // one message cut across a padded DATA frame and a plain one, and an empty padded DATA
            byte[] message = RawHttp2Peer.grpcMessage(welcome());
            peer.send(DATA, FLAG_PADDED, 1, RawHttp2Peer.padded(Arrays.copyOfRange(message, 0, 4), 255 - 4 - 1));
            peer.send(DATA, FLAG_PADDED, 1, RawHttp2Peer.padded(new byte[0], 0));
            peer.send(DATA, 0, 1, Arrays.copyOfRange(message, 4, message.length));
            byte[] trailers = RawHttp2Peer.trailers(0);
            peer.send(HEADERS, FLAG_END_STREAM, 1, Arrays.copyOfRange(trailers, 0, 2));
            peer.send(CONTINUATION, FLAG_END_HEADERS, 1, Arrays.copyOfRange(trailers, 2, trailers.length));
        }, r);
        assertEquals("OK", status.codeName(), String.valueOf(status));
        HubMessage m = r.messages.poll(1, TimeUnit.SECONDS);
        assertEquals(7, m.getWelcome().getLastHandledSeq());
    }

    @Test
    void aFrameOtherThanContinuationInsideAHeaderBlockIsAProtocolError() throws Exception {
        Recorder r = new Recorder();
        CompletableFuture<RawHttp2Peer.Frame> goAway = new CompletableFuture<>();
        GrpcStatus status = call(OPTIONS, peer -> {
            peer.handshake();
            byte[] block = RawHttp2Peer.responseHeaders();
            peer.send(HEADERS, 0, 1, Arrays.copyOfRange(block, 0, 4));
            peer.send(PING, 0, 0, new byte[8]);
            goAway.complete(peer.readUntil(GOAWAY));
        }, r);
        assertEquals("INTERNAL", status.codeName());
        assertEquals(ERROR_PROTOCOL, goAway.get().intAt(4));
    }

    @Test
    void settingsChangedMidStreamAreObeyedAndAcknowledged() throws Exception {
        Recorder r = new Recorder();
        byte[] big = new byte[300_000];
        Arrays.fill(big, (byte) 'x');
        AgentMessage message = AgentMessage.newBuilder().setCommandReply(CommandReply
                .newBuilder().setMessage(new String(big, StandardCharsets.US_ASCII))).build();
        int total = message.getSerializedSize() + 5;
        CompletableFuture<Void> settled = new CompletableFuture<>();
        CompletableFuture<int[]> counts = new CompletableFuture<>();
        try (RawHttp2Peer peer = new RawHttp2Peer()) {
            Thread t = new Thread(() -> {
                try {
                    peer.accept();
                    // a stream window of 100 bytes, and a connection window that never limits
                    peer.send(Http2.settings(SETTINGS_INITIAL_WINDOW_SIZE, 100));
                    peer.send(WINDOW_UPDATE, 0, 0, RawHttp2Peer.int32(Integer.MAX_VALUE - DEFAULT_WINDOW));
                    while (true) {
                        RawHttp2Peer.Frame f = peer.read();
                        if (f.type() == SETTINGS && (f.flags() & FLAG_ACK) != 0) {
                            break;
                        }
                    }
                    settled.complete(null);
                    int before = 0;
                    while (before < 100) {
                        RawHttp2Peer.Frame f = peer.readUntil(DATA);
                        before += f.payload().length;
                    }
                    // mid-stream: a larger window and larger frames
                    peer.send(Http2.settings(SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20, SETTINGS_MAX_FRAME_SIZE, 32_768));
                    int untilAck = 0;
                    int largest = 0;
                    int after = 0;
                    while (true) {
                        RawHttp2Peer.Frame f = peer.read();
                        if (f.type() == SETTINGS && (f.flags() & FLAG_ACK) != 0) {
                            break;
                        }
                        if (f.type() == DATA) {
                            untilAck += f.payload().length;
                        }
                    }
                    while (before + untilAck + after < total) {
                        RawHttp2Peer.Frame f = peer.readUntil(DATA);
                        after += f.payload().length;
                        largest = Math.max(largest, f.payload().length);
                    }
                    counts.complete(new int[] {before, untilAck, after, largest});
                    peer.send(HEADERS, FLAG_END_HEADERS, 1, RawHttp2Peer.responseHeaders());
                    peer.send(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, 1, RawHttp2Peer.trailers(0));
                } catch (Throwable e) {
                    settled.completeExceptionally(e);
                    counts.completeExceptionally(e);
                }
            });
            t.start();
            GrpcCall c = GrpcCall.start("127.0.0.1", peer.port(), StreamClient.CONNECT_METHOD, r, OPTIONS);
            settled.get(15, TimeUnit.SECONDS);
            c.send(message);
            int[] n = counts.get(15, TimeUnit.SECONDS);
            assertEquals(100, n[0], "exactly the first window");
            assertEquals(0, n[1], "nothing more before the new SETTINGS took effect");
            assertEquals(total - 100, n[2]);
            assertEquals(32_768, n[3], "frames as large as the new maximum");
            assertEquals("OK", r.awaitClose().codeName());
        }
    }

    @Test
    void resetStreamCodesMapToTheStatusGrpcJavaGives() throws Exception {
        int[][] expected = {
            {ERROR_NO_ERROR, GrpcStatus.UNAVAILABLE},
            {ERROR_PROTOCOL, GrpcStatus.INTERNAL},
            {ERROR_FLOW_CONTROL, GrpcStatus.INTERNAL},
            {ERROR_REFUSED_STREAM, GrpcStatus.UNAVAILABLE},
            {ERROR_CANCEL, GrpcStatus.CANCELLED},
            {ERROR_COMPRESSION, GrpcStatus.INTERNAL},
            {ERROR_ENHANCE_YOUR_CALM, GrpcStatus.RESOURCE_EXHAUSTED},
            {ERROR_INADEQUATE_SECURITY, GrpcStatus.PERMISSION_DENIED},
            {ERROR_HTTP_1_1_REQUIRED, GrpcStatus.UNKNOWN},
            {0x42, GrpcStatus.INTERNAL},
        };
        for (int[] e : expected) {
            Recorder r = new Recorder();
            GrpcStatus status = call(OPTIONS, peer -> {
                peer.handshake();
                peer.send(HEADERS, FLAG_END_HEADERS, 1, RawHttp2Peer.responseHeaders());
                peer.send(RST_STREAM, 0, 1, RawHttp2Peer.int32(e[0]));
            }, r);
            assertEquals(GrpcStatus.codeName(e[1]), status.codeName(), "RST_STREAM " + e[0] + ": " + status);
            assertTrue(status.description().contains("reset the stream (HTTP/2 error "
                    + GrpcStatus.http2ErrorName(e[0]) + ")"), status.description());
        }
    }

    @Test
    void undecodableHeadersEndTheCallAsInternalWithACompressionError() throws Exception {
        Recorder r = new Recorder();
        CompletableFuture<RawHttp2Peer.Frame> goAway = new CompletableFuture<>();
        GrpcStatus status = call(OPTIONS, peer -> {
            peer.handshake();
            // an indexed field far past both tables, then a Huffman string with invalid padding
            peer.send(HEADERS, FLAG_END_HEADERS, 1, new byte[] {(byte) 0xff, (byte) 0x80, 0x10});
            goAway.complete(peer.readUntil(GOAWAY));
        }, r);
        assertEquals("INTERNAL", status.codeName());
        assertTrue(status.description().contains("cannot decode the headers"), status.description());
        assertEquals(ERROR_COMPRESSION, goAway.get().intAt(4));

        Recorder huffman = new Recorder();
        GrpcStatus bad = call(OPTIONS, peer -> {
            peer.handshake();
            peer.send(HEADERS, FLAG_END_HEADERS, 1, new byte[] {0x00, (byte) 0x81, 0x00, 0x00});
            peer.readUntil(GOAWAY);
        }, huffman);
        assertEquals("INTERNAL", bad.codeName(), bad.toString());
    }

    @Test
    void goAwayTooManyPingsEndsTheCallAndDoublesTheKeepaliveTime() throws Exception {
        GrpcCall.Options options = OPTIONS.withKeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(20));
        Recorder r = new Recorder();
        GrpcStatus status = call(options, peer -> {
            peer.handshake();
            peer.send(GOAWAY, 0, 0, RawHttp2Peer.goAway(0, ERROR_ENHANCE_YOUR_CALM, "too_many_pings"));
        }, r);
        assertEquals("RESOURCE_EXHAUSTED", status.codeName(), status.toString());
        assertTrue(status.description().contains("too_many_pings"), status.description());
        assertEquals(Duration.ofSeconds(60), options.keepAlive().current(), "the next connections ping half as often");

        GrpcStatus again = call(options, peer -> {
            peer.handshake();
            peer.send(GOAWAY, 0, 0, RawHttp2Peer.goAway(0, ERROR_ENHANCE_YOUR_CALM, "too_many_pings"));
        }, new Recorder());
        assertEquals("RESOURCE_EXHAUSTED", again.codeName());
        assertEquals(Duration.ofSeconds(120), options.keepAlive().current());

        // another calm-down, or a graceful GOAWAY, leaves the keepalive alone
        GrpcStatus other = call(options, peer -> {
            peer.handshake();
            peer.send(GOAWAY, 0, 0, RawHttp2Peer.goAway(0, ERROR_NO_ERROR, "shutting down"));
        }, new Recorder());
        assertEquals("UNAVAILABLE", other.codeName());
        assertEquals(Duration.ofSeconds(120), options.keepAlive().current());
    }

    @Test
    void aGoAwayThatKeepsTheStreamLetsTheCallFinish() throws Exception {
        Recorder r = new Recorder();
        GrpcStatus status = call(OPTIONS, peer -> {
            peer.handshake();
            peer.send(GOAWAY, 0, 0, RawHttp2Peer.goAway(1, ERROR_NO_ERROR, ""));
            peer.send(HEADERS, FLAG_END_HEADERS, 1, RawHttp2Peer.responseHeaders());
            peer.send(DATA, 0, 1, RawHttp2Peer.grpcMessage(HubMessage.newBuilder()
                    .setAck(Ack.newBuilder().setSeq(3)).build().toByteArray()));
            peer.send(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, 1, RawHttp2Peer.trailers(0));
        }, r);
        assertEquals("OK", status.codeName());
        assertEquals(3, r.messages.poll(1, TimeUnit.SECONDS).getAck().getSeq());
    }

    @Test
    void windowsPast2To31Minus1AreFlowControlErrors() throws Exception {
        // the connection's window: a connection error, told with GOAWAY
        CompletableFuture<RawHttp2Peer.Frame> goAway = new CompletableFuture<>();
        GrpcStatus connection = call(OPTIONS, peer -> {
            peer.handshake();
            peer.send(WINDOW_UPDATE, 0, 0, RawHttp2Peer.int32(Integer.MAX_VALUE));
            goAway.complete(peer.readUntil(GOAWAY));
        }, new Recorder());
        assertEquals("INTERNAL", connection.codeName());
        assertTrue(connection.description().contains("FLOW_CONTROL_ERROR"), connection.description());
        assertEquals(ERROR_FLOW_CONTROL, goAway.get().intAt(4));

        // the stream's window: a stream error, told with RST_STREAM
        CompletableFuture<RawHttp2Peer.Frame> reset = new CompletableFuture<>();
        GrpcStatus stream = call(OPTIONS, peer -> {
            peer.handshake();
            peer.send(WINDOW_UPDATE, 0, 1, RawHttp2Peer.int32(Integer.MAX_VALUE));
            reset.complete(peer.readUntil(RST_STREAM));
        }, new Recorder());
        assertEquals("INTERNAL", stream.codeName());
        assertEquals(ERROR_FLOW_CONTROL, reset.get().intAt(0));

        // SETTINGS_INITIAL_WINDOW_SIZE over 2^31-1, then one that pushes an open stream's window past it
        for (int[] settings : List.of(new int[] {0x80000000}, new int[] {Integer.MAX_VALUE})) {
            CompletableFuture<RawHttp2Peer.Frame> g = new CompletableFuture<>();
            GrpcStatus s = call(OPTIONS, peer -> {
                peer.handshake();
                if (settings[0] == Integer.MAX_VALUE) {
                    peer.send(WINDOW_UPDATE, 0, 1, RawHttp2Peer.int32(1_000));
                }
                peer.send(Http2.settings(SETTINGS_INITIAL_WINDOW_SIZE, settings[0]));
                g.complete(peer.readUntil(GOAWAY));
            }, new Recorder());
            assertEquals("INTERNAL", s.codeName(), s.toString());
            assertEquals(ERROR_FLOW_CONTROL, g.get().intAt(4));
        }
    }
}
