package io.fleetglance.hub.ingest;

import io.fleetglance.common.names.LogText;
import io.fleetglance.hub.limit.RateLimitedLog;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest port's transport, made to stand hostile peers: a {@link IngestConnectionWatch} on every connection,
 * server keepalive (a dead agent's stream, and its host name, are released within keepalive time plus timeout),
 * a hard message size limit with a log line for each message refused unread, and gRPC's stack traces silenced.
 */
public final class IngestTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestTransport.class);
    /** gRPC logs every failed connection here, at INFO with a stack trace; the watch logs one line instead. */
    private static final String GRPC_CONNECTIONS_LOGGER =
            "io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport.connections";
    /** gRPC logs each message over its size limit here, with a stack trace; {@link OversizeWatch} logs one line. */
    private static final String GRPC_STREAM_LOGGER = "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream";

    private final IngestLimits limits;
    /** Whether the port speaks TLS: a connection then starts with a TLS record, not the HTTP/2 preface. */
    private final boolean tls;
    private final RateLimitedLog strangers = new RateLimitedLog(log, 20, 1);
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    /**
     * Runs the streams' handlers: as many threads as cores, not gRPC's default of one thread per busy stream. With a
     * thousand streams, a thousand runnable threads would each get a thousandth of the CPU, the store's writer
     * thread too, and the acks (sent after its commits) would fall behind the samples.
     */
    private final ExecutorService calls = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), new ThreadFactory() {
                private final AtomicInteger count = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "fleetglance-ingest-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });
    // JUL keeps loggers weakly: holding it keeps its level
    private final List<java.util.logging.Logger> silenced = List.of(
            java.util.logging.Logger.getLogger(GRPC_CONNECTIONS_LOGGER),
            java.util.logging.Logger.getLogger(GRPC_STREAM_LOGGER));

    public IngestTransport(IngestLimits limits, boolean tls) {
        this.tls = tls;
        this.limits = limits;
        silenced.forEach(l -> l.setLevel(Level.OFF));
    }

    /** {@code builder} with this transport's channels, keepalive, message limit and logging in place. */
    public NettyServerBuilder configure(NettyServerBuilder builder) {
        return builder
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .executor(calls)
                .channelFactory(() -> new WatchedServerChannel(strangers, tls))
                // The service refuses messages over the limit with a clear status; gRPC, which can only reset the
                // stream, stops reading those twice as large before they are in memory.
                .maxInboundMessageSize(2 * limits.maxMessageBytes())
                .keepAliveTime(limits.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(limits.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .addStreamTracerFactory(new OversizeWatch());
    }

    @Override
    public void close() throws InterruptedException {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss.terminationFuture().await(5, TimeUnit.SECONDS);
        workers.terminationFuture().await(5, TimeUnit.SECONDS);
        calls.shutdown();
        calls.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The ingest listening channel: puts the watch first in each connection it accepts, before gRPC's handlers. */
    private static final class WatchedServerChannel extends NioServerSocketChannel {
        private final RateLimitedLog strangers;
        private final boolean tls;

        WatchedServerChannel(RateLimitedLog strangers, boolean tls) {
            this.strangers = strangers;
            this.tls = tls;
        }

        @Override
        protected int doReadMessages(List<Object> buf) throws Exception {
            int from = buf.size();
            int n = super.doReadMessages(buf);
            for (int i = from; i < buf.size(); i++) {
                if (buf.get(i) instanceof SocketChannel child) {
                    child.pipeline().addFirst("fleetglance-watch", new IngestConnectionWatch(strangers, tls));
                }
            }
            return n;
        }
    }

    /** Logs each agent message refused for its size: gRPC tells the agent, and only the agent, otherwise. */
    private final class OversizeWatch extends ServerStreamTracer.Factory {
        @Override
        public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
            return new ServerStreamTracer() {
                private volatile String remote = "?";

                @Override
                public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {
                    remote = IngestConnectionWatch.address(
                            callInfo.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                }

                @Override
                public void streamClosed(Status status) {
                    if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && status.getDescription() != null
                            && status.getDescription().contains("exceeds maximum size")) {
                        strangers.warn("refused a message from {} unread: {}", remote,
                                LogText.escape(status.getDescription(), 200));
                    }
                }
            };
        }
    }
}
