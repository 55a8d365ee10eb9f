package io.fleetglance.agent.stream;

import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.CommandReply;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.IngestGrpc;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Welcome;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
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

    private final IngestGrpc.IngestStub stub;
    private final Supplier<Hello> hello;
    private final Outbox outbox;
    private final SessionListener listener;
    private final Backoff backoff;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;
    private final AtomicReference<Session> current = new AtomicReference<>();

    public StreamClient(ManagedChannel channel, Supplier<Hello> hello, Outbox outbox, SessionListener listener,
            Backoff backoff) {
        this.stub = IngestGrpc.newStub(channel);
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

    private void loop() {
        String lastFailure = null;
        while (running) {
            Session session = new Session();
            current.set(session);
            String failure = session.run();
            connected = false;
            if (!running) {
                break;
            }
            Duration delay = backoff.next();
            // One line per distinct failure: a hub that stays down does not flood the log.
            if (failure != null && !failure.equals(lastFailure)) {
                log.warn("stream to hub ended: {}; reconnecting with backoff (next try in {} ms)", failure,
                        delay.toMillis());
            }
            lastFailure = failure;
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

    /** One stream, from Hello to its end. */
    private final class Session implements ClientResponseObserver<AgentMessage, HubMessage> {
        private final CountDownLatch welcomed = new CountDownLatch(1);
        private final CountDownLatch ended = new CountDownLatch(1);
        private final ConcurrentLinkedQueue<CommandReply> replies = new ConcurrentLinkedQueue<>();
        private final Object readiness = new Object();
        private volatile Welcome welcome;
        private volatile String failure;
        private volatile ClientCallStreamObserver<AgentMessage> requests;

        @Override
        public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
            this.requests = requestStream;
            requestStream.setOnReadyHandler(() -> {
                synchronized (readiness) {
                    readiness.notifyAll();
                }
            });
        }

        /** Runs the session; returns why it ended, or null when it was closed on purpose. */
        String run() {
            try {
                stub.connect(this);
                requests.onNext(AgentMessage.newBuilder().setHello(hello.get()).build());
                if (!welcomed.await(WELCOME_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    if (ended.getCount() == 0) {
                        return failure;
                    }
                    cancel();
                    return "no Welcome from the hub within " + WELCOME_TIMEOUT_MS + " ms";
                }
                if (welcome == null) {
                    return failure;
                }
                listener.onWelcome(welcome);
                outbox.ackUpTo(welcome.getLastHandledSeq());
                backoff.reset();
                connected = true;
                log.info("connected to hub {} (instance {}); {} pending samples to send",
                        welcome.getHubVersion(), welcome.getHubInstanceId(), outbox.size());
                long cursor = welcome.getLastHandledSeq();
                while (running && ended.getCount() > 0) {
                    CommandReply reply;
                    while ((reply = replies.poll()) != null) {
                        send(AgentMessage.newBuilder().setCommandReply(reply).build());
                    }
                    Sample next = outbox.nextAfter(cursor, 200);
                    if (next == null || ended.getCount() == 0) {
                        continue;
                    }
                    if (!awaitReady()) {
                        continue;
                    }
                    send(AgentMessage.newBuilder().setSample(next).build());
                    cursor = next.getSeq();
                }
                if (!running) {
                    requests.onCompleted();
                    return null;
                }
                return failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                return null;
            } catch (RuntimeException e) {
                cancel();
                return e.toString();
            }
        }

        private boolean awaitReady() throws InterruptedException {
            synchronized (readiness) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (!requests.isReady() && ended.getCount() > 0) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return false;
                    }
                    readiness.wait(left);
                }
            }
            return ended.getCount() > 0;
        }

        private void send(AgentMessage message) {
            requests.onNext(message);
        }

        void cancel() {
            ClientCallStreamObserver<AgentMessage> r = requests;
            if (r != null) {
                r.cancel("agent closing", null);
            }
            ended.countDown();
            welcomed.countDown();
        }

        @Override
        public void onNext(HubMessage message) {
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
        public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            failure = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
            end();
        }

        @Override
        public void onCompleted() {
            failure = "the hub closed the stream";
            end();
        }

        private void end() {
            ended.countDown();
            welcomed.countDown();
            outbox.wakeWaiters();
            synchronized (readiness) {
                readiness.notifyAll();
            }
        }
    }
}
