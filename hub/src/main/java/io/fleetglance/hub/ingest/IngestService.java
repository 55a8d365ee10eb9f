package io.fleetglance.hub.ingest;

import io.fleetglance.common.names.HostNameSyntax;
import io.fleetglance.common.names.LogText;
import io.fleetglance.common.wire.SampleDeltas;
import io.fleetglance.hub.fleet.AgentLink;
import io.fleetglance.hub.fleet.FleetFullException;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.HostRegistry;
import io.fleetglance.hub.fleet.NameConflictException;
import io.fleetglance.hub.limit.RateLimitedLog;
import io.fleetglance.hub.limit.TokenBuckets;
import io.fleetglance.proto.Ack;
import io.fleetglance.proto.AgentConfig;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.Command;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.IngestGrpc;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Welcome;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC side of the hub: one stream per agent. Translates between the wire and the fleet; the only rules it
 * keeps itself are the session's (Hello first, token, name syntax).
 */
public final class IngestService extends IngestGrpc.IngestImplBase {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    /** Agent ids are UUIDs in practice; anything else that could disturb a log line or a URL is refused. */
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final HostRegistry registry;
    private final String hubVersion;
    private final String instanceId;
    private final byte[] token;
    private final Supplier<AgentConfig> agentConfig;
    private final TokenBuckets hellos;
    private final int maxMessageBytes;
    private final RateLimitedLog strangers = new RateLimitedLog(log, 20, 1);
    private final LongAdder deltaSamples = new LongAdder();
    private final long ackEveryNanos;

    /** Sends the acks that wait for {@code [fleet] ack_seconds} to pass, for every stream of every hub here. */
    private static final ScheduledExecutorService ACK_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleetglance-acks");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param token the enrollment token an agent shows to bind a free host name; empty lets any agent enroll
     */
    public IngestService(HostRegistry registry, String hubVersion, String instanceId, String token,
            Supplier<AgentConfig> agentConfig) {
        this(registry, hubVersion, instanceId, token, agentConfig, IngestLimits.from(registry.config()));
    }

    /**
     * @param token  the shared ingest token agents must present; empty accepts every agent
     * @param limits how many Hellos one source address may send, and how large a message may be
     */
    public IngestService(HostRegistry registry, String hubVersion, String instanceId, String token,
            Supplier<AgentConfig> agentConfig, IngestLimits limits) {
        this.hellos = new TokenBuckets(limits.helloBurst(), limits.helloPerSecond(), 100_000);
        this.maxMessageBytes = limits.maxMessageBytes();
        this.ackEveryNanos = limits.ackEvery().toNanos();
        this.registry = registry;
        this.hubVersion = hubVersion;
        this.instanceId = instanceId;
        this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        this.agentConfig = agentConfig;
    }

    /** How many samples came as deltas (and were rebuilt) since the hub started. */
    public long deltaSamples() {
        return deltaSamples.sum();
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<HubMessage> responses) {
        ServerCallStreamObserver<HubMessage> out = (ServerCallStreamObserver<HubMessage>) responses;
        return new Session(out, remoteAddress());
    }

    private static String remoteAddress() {
        SocketAddress a = RemoteAddressInterceptor.REMOTE_ADDRESS.get(Context.current());
        if (a instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return a == null ? "" : a.toString();
    }

    /** One agent's stream. gRPC calls onNext serially; sends are locked because commands come from other threads. */
    private final class Session implements StreamObserver<AgentMessage>, AgentLink {
        private final ServerCallStreamObserver<HubMessage> out;
        private final String remote;
        private volatile boolean live = true;
        private Host host;
        /** The last sample of this stream, rebuilt whole: the base of the delta that comes next. */
        private Sample lastSample;
        /** The highest seq durable, and acknowledged; when the last ack went; whether the timer sends the next. */
        private long durableSeq;
        private long ackedSeq;
        private long lastAckNanos;
        private boolean ackDue;

        Session(ServerCallStreamObserver<HubMessage> out, String remote) {
            this.out = out;
            this.remote = remote;
            out.setOnCancelHandler(this::ended);
        }

        @Override
        public void onNext(AgentMessage message) {
            int size = message.getSerializedSize();
            if (size > maxMessageBytes) {
                strangers.warn("refused a message of {} bytes from {}{}: over the {} byte limit", size, remote,
                        host == null ? "" : " (host '" + host.name() + "')", maxMessageBytes);
                refuse(Status.RESOURCE_EXHAUSTED, "a message of " + size + " bytes is over the hub's limit of "
                        + maxMessageBytes + " bytes");
                return;
            }
            switch (message.getBodyCase()) {
                case HELLO -> hello(message.getHello());
                case SAMPLE -> {
                    if (host == null) {
                        refuse(Status.FAILED_PRECONDITION, "the first message of a stream must be Hello");
                        return;
                    }
                    Sample sample;
                    try {
                        sample = SampleDeltas.apply(lastSample, message.getSample());
                    } catch (IllegalArgumentException e) {
                        // the samples after it build on it: the agent starts again, with a whole sample
                        strangers.warn("agent '{}' sent a delta that cannot be rebuilt: {}", host.name(),
                                LogText.escape(e.getMessage(), 200));
                        refuse(Status.FAILED_PRECONDITION, "cannot rebuild delta sample: "
                                + LogText.escape(e.getMessage(), 200) + "; reconnect and send a whole sample");
                        return;
                    }
                    lastSample = sample;
                    if (message.getSample().getBaseSeq() != 0) {
                        deltaSamples.increment();
                    }
                    // The ack goes only once the sample is durable in the store (group commit), so that an agent
                    // resends whatever a crash of the hub could have lost.
                    long seq = sample.getSeq();
                    try {
                        registry.ingest(host, sample, message.getSample(), () -> durable(seq));
                    } catch (RuntimeException e) {
                        // A sample the hub cannot make sense of is dropped, counted and acknowledged, so the agent
                        // does not resend it forever; the stream and every other host carry on.
                        host.rejectSample();
                        strangers.warn("agent '{}' sent sample {} that could not be handled: {}", host.name(),
                                seq, LogText.escape(e.toString(), 200));
                        registry.afterDurable(() -> durable(seq));
                    }
                }
                case COMMAND_REPLY -> {
                    if (host != null && !message.getCommandReply().getOk()) {
                        log.warn("agent of '{}' refused command {}: {}", host.name(),
                                message.getCommandReply().getId(),
                                LogText.escape(message.getCommandReply().getMessage(), 200));
                    }
                }
                default -> refuse(Status.INVALID_ARGUMENT, "empty or unknown message from the agent");
            }
        }

        private void hello(Hello hello) {
            if (host != null) {
                refuse(Status.FAILED_PRECONDITION, "Hello was already sent on this stream");
                return;
            }
            if (!hellos.tryTake(remote)) {
                strangers.warn("refused a Hello from {}: over [fleet] hello_burst/hello_rate", remote);
                refuse(Status.RESOURCE_EXHAUSTED, "too many Hellos from " + remote + ": retry in "
                        + Math.max(1, (hellos.millisUntilToken(remote) + 999) / 1000) + " s");
                return;
            }
            if (!HostNameSyntax.isValid(hello.getHostName())) {
                strangers.warn("refused a Hello from {}: host name '{}' is not valid", remote,
                        LogText.escape(hello.getHostName()));
                refuse(Status.INVALID_ARGUMENT, "host name '" + LogText.escape(hello.getHostName())
                        + "' is not valid: " + HostNameSyntax.EXPECTED);
                return;
            }
            if (!AGENT_ID.matcher(hello.getAgentId()).matches()) {
                strangers.warn("refused agent '{}' from {}: agent id '{}' is not valid", hello.getHostName(), remote,
                        LogText.escape(hello.getAgentId()));
                refuse(Status.INVALID_ARGUMENT, "Hello has no valid agent id (1 to 128 letters, digits, '.', '_', "
                        + "':' or '-')");
                return;
            }
            if (hello.getCredential().isEmpty()) {
                refuse(Status.INVALID_ARGUMENT, "Hello carries no agent credential: this agent predates enrollment, "
                        + "update it");
                return;
            }
            try {
                host = registry.attach(hello, this, tokenMatches(hello.getToken()));
            } catch (NameConflictException e) {
                if (e.reason() == NameConflictException.Reason.ELSEWHERE) {
                    // a move between hubs in progress: the agent tries its other hubs, or here again later
                    log.info("agent '{}' from {} waits: another hub of the fleet streams it", hello.getHostName(),
                            remote);
                    refuse(Status.UNAVAILABLE, e.getMessage());
                    return;
                }
                strangers.warn("refused agent '{}' from {}: {}", hello.getHostName(), remote, switch (e.reason()) {
                    case NOT_ENROLLED -> "neither the name's credential nor the enrollment token";
                    case BOUND_TO_ANOTHER -> "the name is enrolled with another credential";
                    case HELD -> "the name is held by a live stream";
                    case ELSEWHERE -> "another hub streams it";
                });
                refuse(e.reason() == NameConflictException.Reason.NOT_ENROLLED ? Status.UNAUTHENTICATED
                        : Status.PERMISSION_DENIED, e.getMessage());
                return;
            } catch (FleetFullException e) {
                strangers.warn("refused agent '{}' from {}: {}", hello.getHostName(), remote, e.getMessage());
                refuse(Status.RESOURCE_EXHAUSTED, e.getMessage());
                return;
            } catch (RuntimeException e) {
                log.error("cannot record the enrollment of '{}': {}", hello.getHostName(), e.getMessage());
                refuse(Status.UNAVAILABLE, "the hub cannot record enrollments right now; try again later");
                return;
            }
            log.info("agent '{}' (id {}, version {}) connected from {}", hello.getHostName(), hello.getAgentId(),
                    LogText.escape(hello.getAgentVersion(), 64), remote);
            sendLocked(HubMessage.newBuilder().setWelcome(Welcome.newBuilder()
                    .setHubVersion(hubVersion)
                    .setHubInstanceId(instanceId)
                    .setLastHandledSeq(registry.durableSeq(host))
                    .setTakesDeltas(true)
                    .setConfig(agentConfig.get()))
                    .build());
            if (host.extendedPid() > 0) {
                host.sendExtendedStats();
            }
        }

        private boolean tokenMatches(String presented) {
            if (token.length == 0) {
                return true;
            }
            return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
        }

        private void refuse(Status status, String why) {
            live = false;
            synchronized (this) {
                try {
                    out.onError(status.withDescription(why).asRuntimeException());
                } catch (IllegalStateException alreadyClosed) {
                    // the stream ended meanwhile: nothing left to tell
                }
            }
            ended();
        }

        /**
         * Sample {@code seq} is durable: acknowledged at once when the last ack went {@code ackEvery} ago or more (or
         * never), otherwise with the samples that follow it, by the timer at the latest.
         */
        private synchronized void durable(long seq) {
            durableSeq = Math.max(durableSeq, seq);
            long wait = lastAckNanos + ackEveryNanos - System.nanoTime();
            if (ackedSeq == 0 || wait <= 0) {
                ack();
            } else if (!ackDue) {
                ackDue = true;
                ACK_TIMER.schedule(this::ack, wait, TimeUnit.NANOSECONDS);
            }
        }

        private synchronized void ack() {
            ackDue = false;
            if (durableSeq > ackedSeq) {
                ackedSeq = durableSeq;
                lastAckNanos = System.nanoTime();
                sendLocked(HubMessage.newBuilder().setAck(Ack.newBuilder().setSeq(durableSeq)).build());
            }
        }

        private synchronized boolean sendLocked(HubMessage message) {
            if (!live) {
                return false;
            }
            try {
                out.onNext(message);
                return true;
            } catch (RuntimeException e) {
                // cancelled underneath us
                live = false;
                return false;
            }
        }

        @Override
        public void onError(Throwable t) {
            if (host != null) {
                log.info("agent '{}' stream broke: {}", host.name(), Status.fromThrowable(t).getCode());
            }
            ended();
        }

        @Override
        public void onCompleted() {
            if (host != null) {
                log.info("agent '{}' closed its stream", host.name());
            }
            ended();
            synchronized (this) {
                try {
                    out.onCompleted();
                } catch (IllegalStateException alreadyClosed) {
                    // nothing to close
                }
            }
        }

        private void ended() {
            live = false;
            Host h = host;
            if (h != null) {
                registry.detach(h, this);
            }
        }

        @Override
        public boolean live() {
            return live && !out.isCancelled();
        }

        @Override
        public String remoteAddress() {
            return remote;
        }

        @Override
        public boolean send(Command command) {
            return sendLocked(HubMessage.newBuilder().setCommand(command).build());
        }

        @Override
        public void close(String reason) {
            refuse(Status.ABORTED, reason);
        }
    }
}
