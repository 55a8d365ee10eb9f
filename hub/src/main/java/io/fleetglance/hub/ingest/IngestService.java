package io.fleetglance.hub.ingest;

import io.fleetglance.hub.fleet.AgentLink;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.HostRegistry;
import io.fleetglance.hub.fleet.NameConflictException;
import io.fleetglance.proto.Ack;
import io.fleetglance.proto.AgentConfig;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.Command;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.IngestGrpc;
import io.fleetglance.proto.Welcome;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
    /** Host names appear in URLs as /hosts/{name}/. */
    public static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final HostRegistry registry;
    private final String hubVersion;
    private final String instanceId;
    private final byte[] token;
    private final Supplier<AgentConfig> agentConfig;

    /**
     * @param token the enrollment token an agent shows to bind a free host name; empty lets any agent enroll
     */
    public IngestService(HostRegistry registry, String hubVersion, String instanceId, String token,
            Supplier<AgentConfig> agentConfig) {
        this.registry = registry;
        this.hubVersion = hubVersion;
        this.instanceId = instanceId;
        this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        this.agentConfig = agentConfig;
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

        Session(ServerCallStreamObserver<HubMessage> out, String remote) {
            this.out = out;
            this.remote = remote;
            out.setOnCancelHandler(this::ended);
        }

        @Override
        public void onNext(AgentMessage message) {
            switch (message.getBodyCase()) {
                case HELLO -> hello(message.getHello());
                case SAMPLE -> {
                    if (host == null) {
                        refuse(Status.FAILED_PRECONDITION, "the first message of a stream must be Hello");
                        return;
                    }
                    try {
                        registry.ingest(host, message.getSample());
                    } catch (RuntimeException e) {
                        // A sample the hub cannot make sense of is dropped, counted and acknowledged, so the agent
                        // does not resend it forever; the stream and every other host carry on.
                        host.rejectSample();
                        log.warn("agent '{}' sent sample {} that could not be handled: {}", host.name(),
                                message.getSample().getSeq(), e.toString());
                    }
                    sendLocked(HubMessage.newBuilder().setAck(Ack.newBuilder().setSeq(message.getSample().getSeq()))
                            .build());
                }
                case COMMAND_REPLY -> {
                    if (host != null && !message.getCommandReply().getOk()) {
                        log.warn("agent of '{}' refused command {}: {}", host.name(),
                                message.getCommandReply().getId(), message.getCommandReply().getMessage());
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
            if (!HOST_NAME.matcher(hello.getHostName()).matches()) {
                refuse(Status.INVALID_ARGUMENT, "host name '" + hello.getHostName()
                        + "' is not valid: use 1 to 128 letters, digits, '.', '_' or '-'");
                return;
            }
            if (hello.getAgentId().isBlank()) {
                refuse(Status.INVALID_ARGUMENT, "Hello has no agent id");
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
                log.warn("refused agent '{}' from {}: {}", hello.getHostName(), remote, switch (e.reason()) {
                    case NOT_ENROLLED -> "neither the name's credential nor the enrollment token";
                    case BOUND_TO_ANOTHER -> "the name is enrolled with another credential";
                    case HELD -> "the name is held by a live stream";
                });
                refuse(e.reason() == NameConflictException.Reason.NOT_ENROLLED ? Status.UNAUTHENTICATED
                        : Status.PERMISSION_DENIED, e.getMessage());
                return;
            } catch (RuntimeException e) {
                log.error("cannot record the enrollment of '{}': {}", hello.getHostName(), e.getMessage());
                refuse(Status.UNAVAILABLE, "the hub cannot record enrollments right now; try again later");
                return;
            }
            log.info("agent '{}' (id {}, version {}) connected from {}", hello.getHostName(), hello.getAgentId(),
                    hello.getAgentVersion(), remote);
            sendLocked(HubMessage.newBuilder().setWelcome(Welcome.newBuilder()
                    .setHubVersion(hubVersion)
                    .setHubInstanceId(instanceId)
                    .setLastHandledSeq(host.lastSeq())
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
