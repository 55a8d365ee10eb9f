package io.fleetglance.agent.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fleetglance.agent.stream.StreamClient;
import io.fleetglance.proto.Ack;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.IngestGrpc;
import io.fleetglance.proto.Welcome;
import io.grpc.DecompressorRegistry;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The agent's gRPC call against grpc-java's own Netty server on loopback (the server the hub runs), and against raw
 * sockets for what a gRPC server would never do.
 */
class GrpcCallTest {

    private static final GrpcCall.Options OPTIONS = GrpcCall.Options.defaults("fleetglance-agent/test");

    private Server server;
    private final BlockingQueue<AgentMessage> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Status> serverSawEnd = new CompletableFuture<>();
    private volatile BiConsumer<AgentMessage, StreamObserver<HubMessage>> onMessage = (m, out) -> { };
    private volatile StreamObserver<HubMessage> responses;

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private int startServer() throws IOException {
        return startServer(true);
    }

    /** @param gzip whether the server takes gzipped messages (every grpc-java server does unless told otherwise) */
    private int startServer(boolean gzip) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .decompressorRegistry(gzip ? DecompressorRegistry.getDefaultInstance()
                        : DecompressorRegistry.emptyInstance())
                .addService(new IngestGrpc.IngestImplBase() {
                    @Override
                    public StreamObserver<AgentMessage> connect(StreamObserver<HubMessage> out) {
                        responses = out;
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(AgentMessage m) {
                                received.add(m);
                                onMessage.accept(m, out);
                            }

                            @Override
                            public void onError(Throwable t) {
                                serverSawEnd.complete(Status.fromThrowable(t));
                            }

                            @Override
                            public void onCompleted() {
                                serverSawEnd.complete(Status.OK);
                                out.onCompleted();
                            }
                        };
                    }
                })
                .maxInboundMessageSize(16 << 20)
                .permitKeepAliveTime(50, TimeUnit.MILLISECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build()
                .start();
        return server.getPort();
    }

    private static final class Recorder implements GrpcCall.Listener {
        final BlockingQueue<HubMessage> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<GrpcStatus> closed = new CompletableFuture<>();
        final AtomicInteger closes = new AtomicInteger();

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
            closes.incrementAndGet();
            closed.complete(status);
        }

        GrpcStatus awaitClose() throws Exception {
            return closed.get(10, TimeUnit.SECONDS);
        }

        HubMessage next() throws InterruptedException {
            HubMessage m = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "a message from the server within 10 s");
            return m;
        }
    }

    private static AgentMessage hello(String agentVersion) {
        return AgentMessage.newBuilder().setHello(Hello.newBuilder().setHostName("h").setAgentVersion(agentVersion))
                .build();
    }

    private static HubMessage ack(long seq) {
        return HubMessage.newBuilder().setAck(Ack.newBuilder().setSeq(seq)).build();
    }

    private static String text(Random random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + random.nextInt(26));
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void messagesFlowBothWaysInOrderAndAHalfCloseEndsTheCallCleanly() throws Exception {
        int port = startServer();
        onMessage = (m, out) -> out.onNext(ack(m.getHello().getOutboxOldestSeq()));
        Recorder r = new Recorder();
        GrpcCall call = GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r, OPTIONS);
        for (int i = 1; i <= 500; i++) {
            call.send(AgentMessage.newBuilder().setHello(Hello.newBuilder().setOutboxOldestSeq(i)).build());
        }
        for (int i = 1; i <= 500; i++) {
            assertEquals(i, r.next().getAck().getSeq());
        }
        call.halfClose();
        assertEquals(Status.OK, serverSawEnd.get(10, TimeUnit.SECONDS), "the server saw the stream end");
        GrpcStatus status = r.awaitClose();
        assertTrue(status.isOk(), status.toString());
        assertEquals(500, received.size());
        assertTrue(call.isClosed());
        assertThrows(IOException.class, () -> call.send(hello("late")));
        assertEquals(1, r.closes.get());
    }

    @Test
    void messagesOfMegabytesCrossEveryFlowControlWindowBothWays() throws Exception {
        int port = startServer();
        Random random = new Random(3);
        String big = text(random, 3_000_000);
        String bigReply = text(random, 3_500_000);
        onMessage = (m, out) -> out.onNext(HubMessage.newBuilder().setWelcome(Welcome.newBuilder()
                .setHubVersion(m.getHello().getAgentVersion().equals(big) ? bigReply : "mismatch")).build());
        Recorder r = new Recorder();
        GrpcCall call = GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r, OPTIONS);
        for (int i = 0; i < 3; i++) {   // 9 MB each way: far beyond the 64 KiB and 1 MiB windows
            call.send(hello(big));
            assertEquals(bigReply, r.next().getWelcome().getHubVersion());
        }
        assertEquals(3, received.size());
        assertFalse(r.closed.isDone());
        call.cancel("done");
    }

    @Test
    void aServerErrorArrivesWithItsCodeAndItsMessage() throws Exception {
        int port = startServer();
        String description = "host name 'h' is held by agent ü (100% sure)";
        onMessage = (m, out) -> {
            out.onNext(ack(1));  // headers and a message first, then the status in trailers
            out.onError(Status.ALREADY_EXISTS.withDescription(description).asRuntimeException());
        };
        Recorder r = new Recorder();
        GrpcCall call = GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r, OPTIONS);
        call.send(hello("1"));
        assertEquals(1, r.next().getAck().getSeq());
        GrpcStatus status = r.awaitClose();
        assertEquals("ALREADY_EXISTS", status.codeName());
        assertEquals(description, status.description());
        assertEquals("ALREADY_EXISTS: " + description, status.toString());
    }

    @Test
    void anErrorBeforeAnyMessageComesAsTrailersOnly() throws Exception {
        int port = startServer();
        onMessage = (m, out) -> out.onError(Status.UNAUTHENTICATED.withDescription("wrong token").asRuntimeException());
        Recorder r = new Recorder();
        GrpcCall call = GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r, OPTIONS);
        call.send(hello("1"));
        assertEquals(new GrpcStatus(16, "wrong token"), r.awaitClose());
        assertEquals(0, r.messages.size());
    }

    /** A connection whose bytes written are counted: what the call puts on the wire. */
    private static GrpcCall.Connector counting(AtomicLong written) {
        return (host, port, timeoutMs) -> {
            Socket plain = GrpcCall.connect(host, port, timeoutMs);
            return new Socket() {
                @Override
                public java.io.OutputStream getOutputStream() throws IOException {
                    java.io.OutputStream out = plain.getOutputStream();
                    return new java.io.FilterOutputStream(out) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            written.addAndGet(len);
                            out.write(b, off, len);
                        }

                        @Override
                        public void write(int b) throws IOException {
                            written.incrementAndGet();
                            out.write(b);
                        }
                    };
                }

                @Override
                public InputStream getInputStream() throws IOException {
                    return plain.getInputStream();
                }

                @Override
                public void setSoTimeout(int timeout) throws java.net.SocketException {
                    plain.setSoTimeout(timeout);
                }

                @Override
                public void setTcpNoDelay(boolean on) throws java.net.SocketException {
                    plain.setTcpNoDelay(on);
                }

                @Override
                public synchronized void close() throws IOException {
                    plain.close();
                }

                @Override
                public boolean isClosed() {
                    return plain.isClosed();
                }
            };
        };
    }

    @Test
    void messagesGoGzippedOnceTheServerSaysItTakesGzip() throws Exception {
        int port = startServer();
        onMessage = (m, out) -> out.onNext(ack(m.getHello().getOutboxOldestSeq()));
        Recorder r = new Recorder();
        AtomicLong written = new AtomicLong();
        GrpcCall call = GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r, OPTIONS,
                counting(written));
        call.send(AgentMessage.newBuilder().setHello(Hello.newBuilder().setOutboxOldestSeq(1)).build());
        assertEquals(1, r.next().getAck().getSeq());
        assertTrue(call.gzipped(), "the server's response headers said it takes gzip");
        // a sample-like message: repetitive text, as process names and command lines are
        String text = "python3 /usr/lib/some/daemon --config /etc/some/daemon.conf ".repeat(2000);
        long before = written.get();
        call.send(AgentMessage.newBuilder().setHello(Hello.newBuilder().setOutboxOldestSeq(2)
                .setAgentVersion(text)).build());
        assertEquals(2, r.next().getAck().getSeq());
        long wire = written.get() - before;
        assertTrue(wire < text.length() / 10, "a " + text.length() + "-byte message took " + wire + " bytes");
        List<AgentMessage> got = new ArrayList<>(received);
        assertEquals(text, got.get(got.size() - 1).getHello().getAgentVersion(),
                "the server decompressed it to the same message");
        call.halfClose();
        assertTrue(r.awaitClose().isOk());
    }

    @Test
    void aServerWithoutGzipIsRefusedOnceThenCalledWithoutIt() throws Exception {
        int port = startServer(false);
        onMessage = (m, out) -> out.onNext(ack(m.getHello().getOutboxOldestSeq()));
        Recorder refused = new Recorder();
        GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, refused, OPTIONS);
        assertEquals("UNIMPLEMENTED", refused.awaitClose().codeName(), "it cannot read a call declaring gzip");
        Recorder r = new Recorder();
        GrpcCall call = GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r, OPTIONS);
        call.send(AgentMessage.newBuilder().setHello(Hello.newBuilder().setOutboxOldestSeq(7)).build());
        assertEquals(7, r.next().getAck().getSeq(), "the next call declares nothing and works");
        assertFalse(call.gzipped());
        call.halfClose();
        assertTrue(r.awaitClose().isOk());
    }

    @Test
    void aMethodTheServerDoesNotHaveIsUnimplemented() throws Exception {
        int port = startServer();
        Recorder r = new Recorder();
        GrpcCall.start("127.0.0.1", port, "/fleetglance.v1.Ingest/Nope", r, OPTIONS);
        assertEquals("UNIMPLEMENTED", r.awaitClose().codeName());
    }

    @Test
    void cancelResetsTheStreamOnTheServer() throws Exception {
        int port = startServer();
        Recorder r = new Recorder();
        GrpcCall call = GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r, OPTIONS);
        call.send(hello("1"));
        assertNotNull(received.poll(10, TimeUnit.SECONDS));
        call.cancel("agent closing");
        assertEquals(Status.Code.CANCELLED, serverSawEnd.get(10, TimeUnit.SECONDS).getCode());
        assertEquals(new GrpcStatus(GrpcStatus.CANCELLED, "agent closing"), r.awaitClose());
        call.cancel("twice");
        assertEquals(1, r.closes.get());
    }

    @Test
    void aServerThatGoesAwayEndsTheCall() throws Exception {
        int port = startServer();
        Recorder r = new Recorder();
        GrpcCall call = GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r, OPTIONS);
        call.send(hello("1"));
        assertNotNull(received.poll(10, TimeUnit.SECONDS));
        server.shutdownNow();
        GrpcStatus status = r.awaitClose();
        assertFalse(status.isOk(), status.toString());
    }

    @Test
    void aMessageOverTheLimitEndsTheCallAndTellsTheServer() throws Exception {
        int port = startServer();
        onMessage = (m, out) -> out.onNext(HubMessage.newBuilder()
                .setWelcome(Welcome.newBuilder().setHubVersion("v".repeat(2 << 20))).build());
        Recorder r = new Recorder();
        GrpcCall.Options small = new GrpcCall.Options(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(20), 1 << 20, "t");
        GrpcCall call = GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r, small);
        call.send(hello("1"));
        GrpcStatus status = r.awaitClose();
        assertEquals("RESOURCE_EXHAUSTED", status.codeName(), status.toString());
        assertTrue(status.description().contains("over the limit of 1048576"), status.description());
        assertEquals(Status.Code.CANCELLED, serverSawEnd.get(10, TimeUnit.SECONDS).getCode());
    }

    @Test
    void keepalivePingsKeepAQuietCallOpen() throws Exception {
        int port = startServer();
        Recorder r = new Recorder();
        GrpcCall call = GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r,
                OPTIONS.withKeepAlive(Duration.ofMillis(100), Duration.ofMillis(1000)));
        call.send(hello("1"));
        assertNotNull(received.poll(10, TimeUnit.SECONDS));
        Thread.sleep(1500);   // ~15 keepalive pings, each answered
        assertFalse(r.closed.isDone(), () -> "still open, not " + r.closed.join());
        responses.onNext(ack(42));
        assertEquals(42, r.next().getAck().getSeq());
        call.cancel("done");
    }

    @Test
    void aServerThatAcceptsButNeverAnswersFailsTheKeepalive() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<Integer>> frameTypes = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    in.readFully(new byte[24]);   // the connection preface
                    List<Integer> types = new ArrayList<>();
                    while (!types.contains(6)) {
                        types.add(readFrame(in));
                    }
                    frameTypes.complete(types);
                    in.read();   // holds the connection until the client closes it
                } catch (IOException e) {
                    frameTypes.completeExceptionally(e);
                }
            });
            t.start();
            Recorder r = new Recorder();
            GrpcCall.start("127.0.0.1", silent.getLocalPort(), StreamClient.CONNECT_METHOD, r,
                    OPTIONS.withKeepAlive(Duration.ofMillis(200), Duration.ofMillis(300)));
            // SETTINGS, WINDOW_UPDATE, HEADERS, then the keepalive PING
            assertEquals(List.of(4, 8, 1, 6), frameTypes.get(10, TimeUnit.SECONDS));
            GrpcStatus status = r.awaitClose();
            assertEquals("UNAVAILABLE", status.codeName());
            assertTrue(status.description().contains("did not answer a keepalive ping within 300 ms"),
                    status.description());
            t.join(5_000);
        }
    }

    @Test
    void anHttp1ServerGetsAClearError() throws Exception {
        try (ServerSocket http1 = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = http1.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().read(new byte[1024]);
                } catch (IOException ignored) {
                    // the client hung up
                }
            });
            t.start();
            Recorder r = new Recorder();
            GrpcCall.start("127.0.0.1", http1.getLocalPort(), StreamClient.CONNECT_METHOD, r, OPTIONS);
            GrpcStatus status = r.awaitClose();
            assertEquals("INTERNAL", status.codeName());
            assertEquals("127.0.0.1:" + http1.getLocalPort() + " does not answer as an HTTP/2 gRPC server (is it the "
                    + "hub's ingest port?)", status.description());
            t.join(5_000);
        }
    }

    @Test
    void aRefusedConnectionNamesTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Recorder r = new Recorder();
        IOException e = assertThrows(IOException.class,
                () -> GrpcCall.start("127.0.0.1", port, StreamClient.CONNECT_METHOD, r, OPTIONS));
        assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1:" + port + ": "), e.getMessage());
        assertFalse(r.closed.isDone(), "a call that never started reports nothing to its listener");
    }

    @Test
    void ipv6LoopbackWorks() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("::1", 0))
                .addService(new IngestGrpc.IngestImplBase() {
                    @Override
                    public StreamObserver<AgentMessage> connect(StreamObserver<HubMessage> out) {
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(AgentMessage m) {
                                out.onNext(ack(7));
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                                out.onCompleted();
                            }
                        };
                    }
                })
                .build();
        try {
            server.start();
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
        }
        Recorder r = new Recorder();
        GrpcCall call = GrpcCall.start("::1", server.getPort(), StreamClient.CONNECT_METHOD, r, OPTIONS);
        call.send(hello("1"));
        assertEquals(7, r.next().getAck().getSeq());
        call.halfClose();
        assertTrue(r.awaitClose().isOk());
    }

    /** Reads one HTTP/2 frame and returns its type. */
    private static int readFrame(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int length = (d.readUnsignedByte() << 16) | d.readUnsignedShort();
        int type = d.readUnsignedByte();
        d.readFully(new byte[5 + length]);
        return type;
    }
}
