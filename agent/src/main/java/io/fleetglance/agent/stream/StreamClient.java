package io.fleetglance.agent.stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.fleetglance.agent.grpc.GrpcCall;
import io.fleetglance.agent.grpc.GrpcStatus;
import io.fleetglance.common.wire.SampleDeltas;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.CommandReply;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Welcome;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one stream to the hub open: sends Hello, then every pending sample of the outbox in seq order, and reconnects
 * with backoff whenever the stream breaks, resending what the hub has not acknowledged.
 */
public final class StreamClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamClient.class);
    private static final long WELCOME_TIMEOUT_MS = 10_000;
    /** The longest the stream waits for a sample without looking at the session anyway. */
    private static final long IDLE_WAIT_MS = 10_000;
    /**
     * How many samples go as deltas ({@link SampleDeltas}) between two whole ones, when the hub takes deltas: the
     * first sample of a stream goes whole, and then one in this many, so that a hub always has a recent whole one.
     */
    public static final int WHOLE_EVERY = 120;
    /** The one gRPC method the agent calls: {@code fleetglance.v1.Ingest/Connect}, bidirectional streaming. */
    public static final String CONNECT_METHOD = "/fleetglance.v1.Ingest/Connect";

    /** One hub the agent may stream to: its address and how to open a connection to it. */
    public record Hub(String host, int port, GrpcCall.Connector connector) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final List<Hub> hubs;
    private final GrpcCall.Options options;
    /** The hub the next session goes to: after a failed session, the next one of the list. */
    private int hubIndex;
    private final Supplier<Hello> hello;
    private final Outbox outbox;
    private final SessionListener listener;
    private final Backoff backoff;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;
    private final AtomicReference<Session> current = new AtomicReference<>();

    /** @param connector opens the connection to the hub: TLS, or plaintext for labs */
    public StreamClient(String hubHost, int hubPort, GrpcCall.Options options, GrpcCall.Connector connector,
            Supplier<Hello> hello, Outbox outbox, SessionListener listener, Backoff backoff) {
        this(List.of(new Hub(hubHost, hubPort, connector)), options, hello, outbox, listener, backoff);
    }

    /**
     * A client for several hubs of one fleet (sharing one store): it streams to one at a time, the first that takes
     * the stream, and moves on to the next whenever the stream breaks or a hub refuses it; after a whole round of
     * failures it waits for the backoff.
     */
    public StreamClient(List<Hub> hubs, GrpcCall.Options options, Supplier<Hello> hello, Outbox outbox,
            SessionListener listener, Backoff backoff) {
        if (hubs.isEmpty()) {
            throw new IllegalArgumentException("no hub to stream to");
        }
        this.hubs = List.copyOf(hubs);
        this.options = options;
        this.hello = hello;
        this.outbox = outbox;
        this.listener = listener;
        this.backoff = backoff;
        this.thread = new Thread(this::loop, "fleetglance-stream");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether a session with the hub is established right now. */
    public boolean connected() {
        return connected;
    }

    /** Whether the samples go gzipped on the current stream (the hub takes gzip). */
    public boolean gzipped() {
        Session s = current.get();
        GrpcCall c = s == null ? null : s.call;
        return connected && c != null && c.gzipped();
    }

    private void loop() {
        String lastFailure = null;
        int failedInRound = 0;
        while (running) {
            Hub hub = hubs.get(hubIndex);
            Session session = new Session(hub);
            current.set(session);
            String failure = session.run();
            boolean wasConnected = connected;
            connected = false;
            if (!running) {
                break;
            }
            // the next session goes to the next hub of the list (the same one when there is only one)
            hubIndex = (hubIndex + 1) % hubs.size();
            failedInRound = wasConnected ? 1 : failedInRound + 1;
            Duration delay = failedInRound < hubs.size() ? Duration.ZERO : backoff.next();
            if (failedInRound >= hubs.size()) {
                failedInRound = 0;
            }
            // One line per distinct failure: a hub that stays down does not flood the log.
            String seen = hub + ": " + failure;
            if (failure != null && !seen.equals(lastFailure)) {
                log.warn("stream to hub {} ended: {}; {}", hub, failure, hubs.size() > 1
                        ? "trying hub " + hubs.get(hubIndex) + (delay.isZero() ? "" : " in " + delay.toMillis()
                                + " ms")
                        : "reconnecting with backoff (next try in " + delay.toMillis() + " ms)");
            }
            lastFailure = seen;
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        Session session = current.get();
        if (session != null) {
            session.cancel();
        }
        outbox.wakeWaiters();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A pending sample parsed, or, when its bytes do not parse (the spool's CRC makes that unlikely), a sample that
     * cannot be a base, so that those bytes go whole and the hub says what it makes of them.
     */
    private static Sample parsed(Outbox.PendingSample next) {
        try {
            return next.whole();
        } catch (InvalidProtocolBufferException e) {
            log.warn("sample {} in the outbox does not parse ({}); it goes as it is", next.seq(), e.getMessage());
            return null;
        }
    }

    /**
     * An AgentMessage carrying a sample, made around the sample's bytes as the outbox holds them: the same bytes an
     * {@code AgentMessage.newBuilder().setSample(sample)} would write, without parsing the sample or encoding it again.
     */
    static ByteString sampleMessage(ByteString sample) throws IOException {
        int field = AgentMessage.SAMPLE_FIELD_NUMBER;
        byte[] head = new byte[CodedOutputStream.computeTagSize(field)
                + CodedOutputStream.computeUInt32SizeNoTag(sample.size())];
        CodedOutputStream out = CodedOutputStream.newInstance(head);
        out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(sample.size());
        out.checkNoSpaceLeft();
        return UnsafeByteOperations.unsafeWrap(head).concat(sample);
    }

    /** One stream, from Hello to its end. */
    private final class Session implements GrpcCall.Listener {
        private final CountDownLatch welcomed = new CountDownLatch(1);
        private final CountDownLatch ended = new CountDownLatch(1);
        private final ConcurrentLinkedQueue<CommandReply> replies = new ConcurrentLinkedQueue<>();
        private volatile Welcome welcome;
        private volatile String failure;
        private volatile GrpcCall call;
        private volatile boolean cancelled;
        private final Hub hub;

        Session(Hub hub) {
            this.hub = hub;
        }

        /** Runs the session; returns why it ended, or null when it was closed on purpose. */
        String run() {
            GrpcCall c;
            try {
                c = GrpcCall.start(hub.host(), hub.port(), CONNECT_METHOD, this, options, hub.connector());
            } catch (IOException e) {
                return GrpcStatus.codeName(GrpcStatus.UNAVAILABLE) + ": " + e.getMessage();
            }
            call = c;
            try {
                if (cancelled) {
                    c.cancel("agent closing");
                    return null;
                }
                c.send(AgentMessage.newBuilder().setHello(hello.get()).build());
                if (!welcomed.await(WELCOME_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    if (ended.getCount() == 0) {
                        return failure;
                    }
                    c.cancel("no Welcome");
                    return "no Welcome from the hub within " + WELCOME_TIMEOUT_MS + " ms";
                }
                if (welcome == null) {
                    return failure;
                }
                listener.onWelcome(welcome);
                outbox.ackUpTo(welcome.getLastHandledSeq());
                backoff.reset();
                connected = true;
                log.info("connected to hub {} {} (instance {}); {} pending samples to send", hub,
                        welcome.getHubVersion(), welcome.getHubInstanceId(), outbox.size());
                long cursor = welcome.getLastHandledSeq();
                boolean deltas = welcome.getTakesDeltas();
                Sample sentBefore = null;
                int sinceWhole = 0;
                while (running && ended.getCount() > 0) {
                    CommandReply reply;
                    while ((reply = replies.poll()) != null) {
                        c.send(AgentMessage.newBuilder().setCommandReply(reply).build());
                    }
                    // woken by a sample, a command reply to send, the stream's end or close(); the timeout is
                    // only a backstop
                    Outbox.PendingSample next = outbox.nextAfter(cursor, IDLE_WAIT_MS);
                    if (next == null || ended.getCount() == 0) {
                        continue;
                    }
                    ByteString encoded = next.encoded();
                    if (deltas) {
                        // what changed since the sample sent before; whole as the stream's first and periodically
                        Sample whole = parsed(next);
                        Sample delta = whole != null && sinceWhole < WHOLE_EVERY
                                ? SampleDeltas.encode(sentBefore, whole) : null;
                        if (delta != null) {
                            encoded = delta.toByteString();
                            sinceWhole++;
                        } else {
                            sinceWhole = 0;
                        }
                        sentBefore = whole;
                    }
                    c.sendEncoded(sampleMessage(encoded));
                    cursor = next.seq();
                }
                if (!running) {
                    // A clean goodbye: the hub sees the stream end, then the connection closes.
                    c.halfClose();
                    ended.await(1, TimeUnit.SECONDS);
                    c.cancel("agent closing");
                    return null;
                }
                return failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.cancel("agent closing");
                return null;
            } catch (IOException e) {
                c.cancel("send failed");
                return failure != null ? failure : e.getMessage();
            } catch (RuntimeException e) {
                c.cancel(e.toString());
                return e.toString();
            }
        }

        void cancel() {
            cancelled = true;
            GrpcCall c = call;
            if (c != null) {
                c.cancel("agent closing");
            }
            ended.countDown();
            welcomed.countDown();
            outbox.wakeWaiters();
        }

        @Override
        public void onMessage(byte[] bytes) {
            HubMessage message;
            try {
                message = HubMessage.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("a malformed message from the hub: " + e.getMessage(), e);
            }
            switch (message.getBodyCase()) {
                case WELCOME -> {
                    welcome = message.getWelcome();
                    welcomed.countDown();
                }
                case ACK -> outbox.ackUpTo(message.getAck().getSeq());
                case COMMAND -> {
                    replies.add(listener.onCommand(message.getCommand()));
                    outbox.wakeWaiters();
                }
                default -> log.debug("ignoring an unknown message from the hub: {}", message.getBodyCase());
            }
        }

        @Override
        public void onClose(GrpcStatus status) {
            failure = status.isOk() ? "the hub closed the stream" : status.toString();
            ended.countDown();
            welcomed.countDown();
            outbox.wakeWaiters();
        }
    }
}
