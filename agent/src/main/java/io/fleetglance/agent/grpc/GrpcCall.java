package io.fleetglance.agent.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocket;

/**
 * One bidirectional-streaming gRPC call on its own HTTP/2 connection, as the gRPC protocol over HTTP/2 specifies it:
 * the request headers, length-prefixed messages both ways, and the status from the response headers or trailers.
 * The connection ({@link Http2Connection}) carries the frames; together they are the agent's whole transport, in a
 * handful of classes where a general gRPC client loads over a thousand (the agent must stay small on every host).
 *
 * <p>Messages to the server are gzipped (gRPC's {@code gzip} encoding, the JDK's deflater) once the server's response
 * headers say it takes gzip ({@code grpc-accept-encoding}), as every grpc-java server does; until then, and for a
 * server that refused a call declaring gzip, they go as they are. The call never asks for compressed answers, and a
 * compressed message from the server ends it.
 */
public final class GrpcCall {

    /** What the call reports back. */
    public interface Listener {
        /** A message from the server, on the call's reader thread, in the order they were sent. */
        void onMessage(byte[] message);

        /** The call ended, with the server's status or why it failed here: called once, on any thread. */
        void onClose(GrpcStatus status);
    }

    /** Opens the connection a call runs on: plain TCP ({@link #connect}), or TLS that has agreed on ALPN h2. */
    @FunctionalInterface
    public interface Connector {
        Socket open(String host, int port, int timeoutMs) throws IOException;
    }

    /**
     * @param connectTimeout         how long a TCP connect may take
     * @param keepAlive              silence from the server after which the call sends a PING; shared by the calls
     *                               made with these options, so that a server's too_many_pings slows them all
     * @param keepAliveTimeout       how long after that PING the call waits for any byte before failing
     * @param maxInboundMessageBytes the largest message accepted from the server
     * @param userAgent              the user-agent header
     */
    public record Options(Duration connectTimeout, KeepAliveTime keepAlive, Duration keepAliveTimeout,
            int maxInboundMessageBytes, String userAgent, boolean gzip) {

        public Options(Duration connectTimeout, Duration keepAliveTime, Duration keepAliveTimeout,
                int maxInboundMessageBytes, String userAgent) {
            this(connectTimeout, new KeepAliveTime(keepAliveTime), keepAliveTimeout, maxInboundMessageBytes,
                    userAgent, true);
        }

        /** Whether messages may be gzipped (when the server takes it); on by default. */
        public Options withGzip(boolean on) {
            return new Options(connectTimeout, keepAlive, keepAliveTimeout, maxInboundMessageBytes, userAgent, on);
        }

        /** gRPC's usual client settings: 20 s to connect, a keepalive PING after 30 s of silence, 20 s to answer. */
        public static Options defaults(String userAgent) {
            return new Options(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(20), 4 << 20,
                    userAgent);
        }

        public Options withKeepAlive(Duration time, Duration timeout) {
            return new Options(connectTimeout, new KeepAliveTime(time), timeout, maxInboundMessageBytes, userAgent,
                    gzip);
        }
    }

    private final String target;
    private final Listener listener;
    private final Http2Connection connection;
    private final GrpcMessages inbound;
    /** Compresses this call's messages; null when the call does not declare gzip. */
    private final Gzip gzip;
    /** Set once the server's response headers say it takes gzip. */
    private volatile boolean serverTakesGzip;
    // reader thread only
    private boolean responseHeaders;
    /** Servers (host:port) that refused a call declaring gzip: later calls to them send messages as they are. */
    private static final Set<String> REFUSED_GZIP = ConcurrentHashMap.newKeySet();

    private GrpcCall(Socket socket, String host, int port, Listener listener, Options options) throws IOException {
        this.target = authority(host, port);
        this.gzip = options.gzip() && !REFUSED_GZIP.contains(target) ? new Gzip() : null;
        this.listener = listener;
        this.inbound = new GrpcMessages(options.maxInboundMessageBytes(), target, listener::onMessage);
        this.connection = new Http2Connection(socket, target, options.keepAlive(), options.keepAliveTimeout(),
                new Stream());
    }

    /**
     * Connects to {@code host:port} (each of its addresses in turn) and starts the call {@code method}
     * ({@code /package.Service/Method}).
     *
     * @throws IOException when no connection can be made; once this returns, every failure reaches the listener
     */
    public static GrpcCall start(String host, int port, String method, Listener listener, Options options)
            throws IOException {
        return start(host, port, method, listener, options, GrpcCall::connect);
    }

    /** As {@link #start(String, int, String, Listener, Options)}, on a connection {@code connector} opens. */
    public static GrpcCall start(String host, int port, String method, Listener listener, Options options,
            Connector connector) throws IOException {
        Socket socket = connector.open(host, port, Http2Connection.millis(options.connectTimeout()));
        try {
            GrpcCall call = new GrpcCall(socket, host, port, listener, options);
            call.connection.open(requestHeaders(method, call.target, options.userAgent(),
                    socket instanceof SSLSocket, call.gzip != null));
            return call;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A plain TCP connection to {@code host:port}, trying each of its addresses in turn. */
    public static Socket connect(String host, int port, int timeoutMs) throws IOException {
        IOException last = null;
        for (InetAddress address : InetAddress.getAllByName(host)) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), timeoutMs);
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw new IOException("cannot connect to " + authority(host, port) + ": " + last.getMessage(), last);
    }

    private static byte[] requestHeaders(String method, String target, String userAgent, boolean tls,
            boolean gzip) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream(256);
        Hpack.writeIndexed(headers, 3);                 // :method POST
        Hpack.writeIndexed(headers, tls ? 7 : 6);       // :scheme https or http
        Hpack.writeLiteral(headers, 4, method);         // :path
        Hpack.writeLiteral(headers, 1, target);         // :authority
        Hpack.writeLiteral(headers, "content-type", "application/grpc");
        Hpack.writeLiteral(headers, "te", "trailers");
        Hpack.writeLiteral(headers, "user-agent", userAgent);
        if (gzip) {
            // the encoding of the messages marked compressed; each message says whether it is
            Hpack.writeLiteral(headers, "grpc-encoding", "gzip");
        }
        return headers.toByteArray();
    }

    /**
     * Queues one message; it waits while a quarter MiB is already waiting for the server to take it.
     *
     * @throws IOException when the call has ended
     */
    public void send(MessageLite message) throws IOException {
        connection.sendData(encoded(GrpcMessages.frame(message)));
    }

    private byte[] encoded(byte[] framed) {
        return gzip != null && serverTakesGzip ? GrpcMessages.compress(framed, gzip) : framed;
    }

    /** Whether this call's messages go gzipped (the server said it takes gzip). */
    public boolean gzipped() {
        return gzip != null && serverTakesGzip;
    }

    /**
     * Sends one message already encoded, as {@link #send(MessageLite)} does: the bytes go out as they are.
     *
     * @throws IOException when the call has ended
     */
    public void sendEncoded(ByteString message) throws IOException {
        connection.sendData(encoded(GrpcMessages.frame(message)));
    }

    /** Tells the server that no more messages come, once those queued are sent. */
    public void halfClose() {
        connection.endStream();
    }

    /** Whether the call has ended. */
    public boolean isClosed() {
        return connection.isClosed();
    }

    /**
     * Ends the call from this side: the server gets RST_STREAM (CANCEL) when the connection still takes it, and the
     * listener gets CANCELLED with {@code reason}. Does nothing once the call has ended.
     */
    public void cancel(String reason) {
        connection.reset(Http2.ERROR_CANCEL, new GrpcStatus(GrpcStatus.CANCELLED, reason));
    }

    /** The call's side of its stream: what the response headers, messages and trailers mean in gRPC. */
    private final class Stream implements Http2Connection.Stream {

        @Override
        public void onHeaders(List<Hpack.Header> headers, boolean endStream) throws IOException {
            if (!responseHeaders) {
                responseHeaders = true;
                String httpStatus = Hpack.value(headers, ":status");
                String accepts = Hpack.value(headers, "grpc-accept-encoding");
                if (accepts != null && gzip != null) {
                    for (String encoding : accepts.split(",")) {
                        serverTakesGzip |= encoding.strip().equals("gzip");
                    }
                }
                String why = String.valueOf(Hpack.value(headers, "grpc-message"));
                if (gzip != null && endStream && String.valueOf(GrpcStatus.UNIMPLEMENTED)
                        .equals(Hpack.value(headers, "grpc-status"))
                        && (why.contains("decompressor") || why.contains("encoding"))) {
                    // a server without gzip refuses the call outright: the next calls to it declare none
                    REFUSED_GZIP.add(target);
                }
                if (!"200".equals(httpStatus)) {
                    connection.close(Hpack.value(headers, "grpc-status") != null
                            ? GrpcStatus.fromTrailers(headers, target) : GrpcStatus.fromHttpStatus(httpStatus, target));
                    return;
                }
                String contentType = Hpack.value(headers, "content-type");
                if (contentType == null || !contentType.startsWith("application/grpc")) {
                    connection.close(new GrpcStatus(GrpcStatus.UNKNOWN, target + " answered with content-type "
                            + contentType));
                    return;
                }
                if (endStream) {                       // trailers-only: the call ends before any message
                    connection.close(GrpcStatus.fromTrailers(headers, target));
                }
                return;
            }
            if (!endStream) {
                throw new Http2.ProtocolError("a second header block that does not end the stream");
            }
            GrpcStatus status = GrpcStatus.fromTrailers(headers, target);
            if (status.isOk() && inbound.partial()) {
                status = new GrpcStatus(GrpcStatus.INTERNAL, target + " ended the stream in the middle of a message");
            }
            connection.close(status);
        }

        @Override
        public void onData(byte[] data, int off, int length, boolean endStream) throws IOException {
            if (!responseHeaders) {
                throw new Http2.ProtocolError("DATA before the response headers");
            }
            try {
                inbound.accept(data, off, length);
            } catch (GrpcMessages.TooLarge e) {
                connection.reset(Http2.ERROR_CANCEL, new GrpcStatus(GrpcStatus.RESOURCE_EXHAUSTED, e.getMessage()));
                return;
            }
            if (endStream) {
                connection.close(new GrpcStatus(GrpcStatus.INTERNAL, target + " ended the stream without a status"));
            }
        }

        @Override
        public void onClosed(GrpcStatus status) {
            listener.onClose(status);
        }
    }

    private static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
