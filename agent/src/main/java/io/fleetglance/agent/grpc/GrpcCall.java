package io.fleetglance.agent.grpc;

import static io.fleetglance.agent.grpc.Http2.*;

import com.google.protobuf.MessageLite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One bidirectional-streaming gRPC call on its own HTTP/2 connection (cleartext, prior knowledge), as the gRPC
 * protocol over HTTP/2 specifies it: the agent's whole transport, in a few hundred lines and a handful of classes
 * where a general gRPC client loads over a thousand (the agent must stay small on every host).
 *
 * <p>Two threads per call: a reader that decodes frames, delivers messages in order and watches the connection
 * (a keepalive PING after {@link Options#keepAliveTime} without a byte from the server; the call fails if nothing
 * comes back within {@link Options#keepAliveTimeout}), and a writer that sends control frames first, then the
 * queued messages as the server's flow-control windows allow. The reader never writes, so a connection whose send
 * buffer is full (a cut link) is still detected and closed, which frees a writer blocked on it.
 *
 * <p>Messages are never compressed; a compressed message from the server ends the call (the call never offers
 * compression, so a server must not use it).
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
     * @param keepAliveTime          silence from the server after which the call sends a PING
     * @param keepAliveTimeout       how long after that PING the call waits for any byte before failing
     * @param maxInboundMessageBytes the largest message accepted from the server
     * @param userAgent              the user-agent header
     */
    public record Options(Duration connectTimeout, Duration keepAliveTime, Duration keepAliveTimeout,
            int maxInboundMessageBytes, String userAgent) {

        /** gRPC's usual client settings: 20 s to connect, a keepalive PING after 30 s of silence, 20 s to answer. */
        public static Options defaults(String userAgent) {
            return new Options(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(20), 4 << 20,
                    userAgent);
        }

        public Options withKeepAlive(Duration time, Duration timeout) {
            return new Options(connectTimeout, time, timeout, maxInboundMessageBytes, userAgent);
        }
    }

    private static final int STREAM = 1;                // the call's one stream
    private static final int RECEIVE_WINDOW = 1 << 20;  // what the server may send ahead, per stream and connection
    private static final int MAX_FRAME = DEFAULT_MAX_FRAME; // the largest frame accepted (HTTP/2's default)
    private static final int HEADER_TABLE_SIZE = 4_096;
    private static final int MAX_HEADER_LIST = 16_384;
    private static final int QUEUE_LIMIT = 256 * 1024;  // send() waits while this many bytes wait for the writer

    private final String target;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Listener listener;
    private final Options options;
    private final Thread reader;
    private final Thread writer;

    private final Object lock = new Object();
    // guarded by lock
    private final ArrayDeque<byte[]> control = new ArrayDeque<>();
    private final ArrayDeque<byte[]> messages = new ArrayDeque<>(); // length-prefixed, waiting for the writer
    private int messageOffset;
    private long queuedBytes;
    private boolean halfClose;
    private boolean halfClosed;
    private long connectionWindow = DEFAULT_WINDOW;
    private long streamWindow = DEFAULT_WINDOW;
    private int peerInitialWindow = DEFAULT_WINDOW;
    private int peerMaxFrame = DEFAULT_MAX_FRAME;
    private GrpcStatus closed;
    private boolean notified;

    // reader thread only
    private final Hpack.Decoder hpack = new Hpack.Decoder(HEADER_TABLE_SIZE, MAX_HEADER_LIST);
    private final byte[] buf = new byte[2 * (FRAME_HEADER + MAX_FRAME)];
    private int start;
    private int end;
    private boolean pingSent;
    private ByteArrayOutputStream headerBlock;
    private boolean headerBlockEndsStream;
    private boolean responseHeaders;
    private final GrpcMessages inbound;
    private int unackedConnection;
    private int unackedStream;

    private GrpcCall(Socket socket, String host, int port, String method, Listener listener, Options options)
            throws IOException {
        this.socket = socket;
        this.target = authority(host, port);
        this.listener = listener;
        this.options = options;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(millis(options.keepAliveTime()));
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.inbound = new GrpcMessages(options.maxInboundMessageBytes(), target, listener::onMessage);
        ByteArrayOutputStream opening = new ByteArrayOutputStream(512);
        opening.write(PREFACE, 0, PREFACE.length);
        write(opening, settings(SETTINGS_ENABLE_PUSH, 0, SETTINGS_INITIAL_WINDOW_SIZE, RECEIVE_WINDOW,
                SETTINGS_MAX_HEADER_LIST_SIZE, MAX_HEADER_LIST));
        write(opening, frame(WINDOW_UPDATE, 0, RECEIVE_WINDOW - DEFAULT_WINDOW));
        ByteArrayOutputStream headers = new ByteArrayOutputStream(256);
        Hpack.writeIndexed(headers, 3);                 // :method POST
        Hpack.writeIndexed(headers, socket instanceof javax.net.ssl.SSLSocket ? 7 : 6); // :scheme https or http
        Hpack.writeLiteral(headers, 4, method);         // :path
        Hpack.writeLiteral(headers, 1, target);         // :authority
        Hpack.writeLiteral(headers, "content-type", "application/grpc");
        Hpack.writeLiteral(headers, "te", "trailers");
        Hpack.writeLiteral(headers, "user-agent", options.userAgent());
        byte[] block = headers.toByteArray();
        write(opening, frame(HEADERS, FLAG_END_HEADERS, STREAM, block, 0, block.length));
        out.write(opening.toByteArray());
        this.reader = new Thread(this::readLoop, "fleetglance-grpc-reader");
        this.writer = new Thread(this::writeLoop, "fleetglance-grpc-writer");
        reader.setDaemon(true);
        writer.setDaemon(true);
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
        Socket socket = connector.open(host, port, millis(options.connectTimeout()));
        try {
            GrpcCall call = new GrpcCall(socket, host, port, method, listener, options);
            call.reader.start();
            call.writer.start();
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

    /**
     * Queues one message; it waits while a quarter MiB is already waiting for the server to take it.
     *
     * @throws IOException when the call has ended
     */
    public void send(MessageLite message) throws IOException {
        byte[] framed = GrpcMessages.frame(message);
        synchronized (lock) {
            while (closed == null && queuedBytes >= QUEUE_LIMIT) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending");
                }
            }
            if (closed != null) {
                throw new IOException("the call has ended: " + closed);
            }
            if (halfClose) {
                throw new IllegalStateException("send after halfClose");
            }
            messages.add(framed);
            queuedBytes += framed.length;
            lock.notifyAll();
        }
    }

    /** Tells the server that no more messages come, once those queued are sent. */
    public void halfClose() {
        synchronized (lock) {
            halfClose = true;
            lock.notifyAll();
        }
    }

    /** Whether the call has ended. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed != null;
        }
    }

    /**
     * Ends the call from this side: the server gets RST_STREAM (CANCEL) when the connection still takes it, and the
     * listener gets CANCELLED with {@code reason}. Does nothing once the call has ended.
     */
    public void cancel(String reason) {
        abort(new GrpcStatus(GrpcStatus.CANCELLED, reason));
    }

    /** Ends the call with {@code status}, telling the server with RST_STREAM (CANCEL) first. */
    private void abort(GrpcStatus status) {
        synchronized (lock) {
            if (closed != null) {
                return;
            }
            control.add(frame(RST_STREAM, STREAM, ERROR_CANCEL));
            closed = status;
            lock.notifyAll();
        }
        // The writer flushes the reset and stops; a writer blocked on a dead connection is freed by the close.
        if (Thread.currentThread() != writer) {
            try {
                writer.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeSocket();
        notifyClosed();
    }

    /** Ends the call with {@code status}, closing its connection. */
    private void end(GrpcStatus status) {
        synchronized (lock) {
            if (closed != null) {
                return;
            }
            closed = status;
            lock.notifyAll();
        }
        closeSocket();
        notifyClosed();
    }

    private void notifyClosed() {
        GrpcStatus status;
        synchronized (lock) {
            if (notified) {
                return;
            }
            notified = true;
            status = closed;
        }
        listener.onClose(status);
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ---- writer ----

    private void writeLoop() {
        try {
            while (true) {
                byte[] frame;
                synchronized (lock) {
                    frame = nextFrame();
                }
                if (frame == null) {
                    return;
                }
                out.write(frame);
            }
        } catch (InterruptedException e) {
            end(new GrpcStatus(GrpcStatus.CANCELLED, "interrupted"));
        } catch (IOException e) {
            end(new GrpcStatus(GrpcStatus.UNAVAILABLE, "cannot write to " + target + ": " + e.getMessage()));
        }
    }

    /** The next frame to write, waiting for one; null once the call has ended and its control frames are out. */
    private byte[] nextFrame() throws InterruptedException {
        while (true) {
            if (!control.isEmpty()) {
                return control.poll();
            }
            if (closed != null) {
                return null;
            }
            if (!messages.isEmpty()) {
                byte[] m = messages.peek();
                int n = (int) Math.min(Math.min(m.length - messageOffset, peerMaxFrame),
                        Math.min(connectionWindow, streamWindow));
                if (n > 0) {
                    byte[] frame = frame(DATA, 0, STREAM, m, messageOffset, n);
                    messageOffset += n;
                    connectionWindow -= n;
                    streamWindow -= n;
                    queuedBytes -= n;
                    if (messageOffset == m.length) {
                        messages.poll();
                        messageOffset = 0;
                    }
                    lock.notifyAll();
                    return frame;
                }
            } else if (halfClose && !halfClosed) {
                halfClosed = true;
                return frame(DATA, FLAG_END_STREAM, STREAM, EMPTY, 0, 0);
            }
            lock.wait();
        }
    }

    private void queueControl(byte[] frame) {
        synchronized (lock) {
            control.add(frame);
            lock.notifyAll();
        }
    }

    // ---- reader ----

    private void readLoop() {
        try {
            boolean first = true;
            while (true) {
                if (!fill(FRAME_HEADER)) {
                    end(new GrpcStatus(GrpcStatus.UNAVAILABLE, end > start
                            ? "connection to " + target + " closed in the middle of a frame"
                            : "connection closed by " + target));
                    return;
                }
                int length = ((buf[start] & 0xff) << 16) | ((buf[start + 1] & 0xff) << 8) | (buf[start + 2] & 0xff);
                int type = buf[start + 3] & 0xff;
                int flags = buf[start + 4] & 0xff;
                int streamId = getInt(buf, start + 5) & 0x7fffffff;
                if (first && type != SETTINGS) {
                    throw new ProtocolError(target + " does not answer as an HTTP/2 gRPC server (is it the hub's "
                            + "ingest port?)");
                }
                first = false;
                if (length > MAX_FRAME) {
                    throw new ProtocolError("frame of " + length + " bytes from " + target + ", over " + MAX_FRAME);
                }
                if (!fill(FRAME_HEADER + length)) {
                    end(new GrpcStatus(GrpcStatus.UNAVAILABLE,
                            "connection to " + target + " closed in the middle of a frame"));
                    return;
                }
                int payload = start + FRAME_HEADER;
                start += FRAME_HEADER + length;
                if (headerBlock != null && type != CONTINUATION) {
                    throw new ProtocolError("expected CONTINUATION, got frame type " + type);
                }
                if (!handle(type, flags, streamId, payload, length)) {
                    return;
                }
            }
        } catch (ProtocolError e) {
            end(new GrpcStatus(GrpcStatus.INTERNAL, e.getMessage()));
        } catch (GrpcMessages.TooLarge e) {
            abort(new GrpcStatus(GrpcStatus.RESOURCE_EXHAUSTED, e.getMessage()));
        } catch (IOException e) {
            end(new GrpcStatus(GrpcStatus.UNAVAILABLE, e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (RuntimeException e) {
            abort(new GrpcStatus(GrpcStatus.INTERNAL, "while reading from " + target + ": " + e));
        }
    }

    /** Handles one frame; false once the call has ended. */
    private boolean handle(int type, int flags, int streamId, int off, int length) throws IOException {
        switch (type) {
            case DATA -> {
                requireStream(streamId, "DATA");
                if (!responseHeaders) {
                    throw new ProtocolError("DATA before the response headers");
                }
                int[] span = unpad(flags, off, length);
                received(length);
                inbound.accept(buf, span[0], span[1]);
                if ((flags & FLAG_END_STREAM) != 0) {
                    end(new GrpcStatus(GrpcStatus.INTERNAL, target + " ended the stream without a status"));
                    return false;
                }
            }
            case HEADERS -> {
                requireStream(streamId, "HEADERS");
                int[] span = unpad(flags, off, length);
                int o = span[0];
                int n = span[1];
                if ((flags & FLAG_PRIORITY) != 0) {
                    if (n < 5) {
                        throw new ProtocolError("HEADERS too short for its priority");
                    }
                    o += 5;
                    n -= 5;
                }
                headerBlock = new ByteArrayOutputStream(Math.max(n, 64));
                headerBlock.write(buf, o, n);
                headerBlockEndsStream = (flags & FLAG_END_STREAM) != 0;
                if ((flags & FLAG_END_HEADERS) != 0) {
                    return headerBlock();
                }
            }
            case CONTINUATION -> {
                if (headerBlock == null) {
                    throw new ProtocolError("CONTINUATION without HEADERS");
                }
                requireStream(streamId, "CONTINUATION");
                if (headerBlock.size() + length > MAX_HEADER_LIST) {
                    throw new ProtocolError("header block over " + MAX_HEADER_LIST + " bytes");
                }
                headerBlock.write(buf, off, length);
                if ((flags & FLAG_END_HEADERS) != 0) {
                    return headerBlock();
                }
            }
            case RST_STREAM -> {
                requireStream(streamId, "RST_STREAM");
                if (length != 4) {
                    throw new ProtocolError("RST_STREAM of " + length + " bytes");
                }
                int code = getInt(buf, off);
                end(new GrpcStatus(code == ERROR_CANCEL ? GrpcStatus.CANCELLED
                        : code == ERROR_REFUSED_STREAM ? GrpcStatus.UNAVAILABLE : GrpcStatus.INTERNAL,
                        target + " reset the stream (HTTP/2 error " + code + ")"));
                return false;
            }
            case SETTINGS -> onSettings(flags, streamId, off, length);
            case PING -> {
                if (length != 8 || streamId != 0) {
                    throw new ProtocolError("malformed PING");
                }
                if ((flags & FLAG_ACK) == 0) {
                    queueControl(frame(PING, FLAG_ACK, 0, buf, off, 8));
                }
            }
            case GOAWAY -> {
                if (length < 8) {
                    throw new ProtocolError("malformed GOAWAY");
                }
                int lastStream = getInt(buf, off) & 0x7fffffff;
                if (lastStream < STREAM) {
                    String debug = new String(buf, off + 8, length - 8, StandardCharsets.UTF_8);
                    end(new GrpcStatus(GrpcStatus.UNAVAILABLE, target + " is going away (HTTP/2 error "
                            + getInt(buf, off + 4) + (debug.isEmpty() ? "" : ": " + debug) + ")"));
                    return false;
                }
                // The server finishes this call first; its end comes as trailers, a reset or the connection closing.
            }
            case WINDOW_UPDATE -> {
                if (length != 4) {
                    throw new ProtocolError("malformed WINDOW_UPDATE");
                }
                int increment = getInt(buf, off) & 0x7fffffff;
                if (increment == 0) {
                    throw new ProtocolError("WINDOW_UPDATE of 0");
                }
                synchronized (lock) {
                    if (streamId == 0) {
                        connectionWindow += increment;
                    } else if (streamId == STREAM) {
                        streamWindow += increment;
                    }
                    if (connectionWindow > Integer.MAX_VALUE || streamWindow > Integer.MAX_VALUE) {
                        throw new ProtocolError("flow-control window over 2^31-1");
                    }
                    lock.notifyAll();
                }
            }
            case PUSH_PROMISE -> throw new ProtocolError("PUSH_PROMISE, though push is disabled");
            default -> {
                // PRIORITY and frame types this call does not know are ignored, as HTTP/2 requires
            }
        }
        return true;
    }

    private void onSettings(int flags, int streamId, int off, int length) throws ProtocolError {
        if (streamId != 0 || length % 6 != 0) {
            throw new ProtocolError("malformed SETTINGS");
        }
        if ((flags & FLAG_ACK) != 0) {
            return;
        }
        synchronized (lock) {
            for (int i = off; i < off + length; i += 6) {
                int id = ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
                int value = getInt(buf, i + 2);
                if (id == SETTINGS_INITIAL_WINDOW_SIZE) {
                    if (value < 0) {
                        throw new ProtocolError("initial window size over 2^31-1");
                    }
                    streamWindow += (long) value - peerInitialWindow;
                    peerInitialWindow = value;
                } else if (id == SETTINGS_MAX_FRAME_SIZE) {
                    if (value < 16_384 || value > 16_777_215) {
                        throw new ProtocolError("max frame size " + value + " out of range");
                    }
                    peerMaxFrame = value;
                }
            }
            control.add(frame(SETTINGS, FLAG_ACK, 0, EMPTY, 0, 0));
            lock.notifyAll();
        }
    }

    /** Counts received DATA against the windows the call gave, and gives it back once half is used. */
    private void received(int length) {
        unackedConnection += length;
        unackedStream += length;
        if (unackedConnection >= RECEIVE_WINDOW / 2) {
            queueControl(frame(WINDOW_UPDATE, 0, unackedConnection));
            unackedConnection = 0;
        }
        if (unackedStream >= RECEIVE_WINDOW / 2) {
            queueControl(frame(WINDOW_UPDATE, STREAM, unackedStream));
            unackedStream = 0;
        }
    }

    private boolean headerBlock() throws IOException {
        byte[] block = headerBlock.toByteArray();
        headerBlock = null;
        List<Hpack.Header> headers = hpack.decode(block, 0, block.length);
        if (!responseHeaders) {
            responseHeaders = true;
            String httpStatus = Hpack.value(headers, ":status");
            if (!"200".equals(httpStatus)) {
                end(Hpack.value(headers, "grpc-status") != null ? GrpcStatus.fromTrailers(headers, target)
                        : GrpcStatus.fromHttpStatus(httpStatus, target));
                return false;
            }
            String contentType = Hpack.value(headers, "content-type");
            if (contentType == null || !contentType.startsWith("application/grpc")) {
                end(new GrpcStatus(GrpcStatus.UNKNOWN, target + " answered with content-type " + contentType));
                return false;
            }
            if (headerBlockEndsStream) {           // trailers-only: the call ends before any message
                end(GrpcStatus.fromTrailers(headers, target));
                return false;
            }
            return true;
        }
        if (!headerBlockEndsStream) {
            throw new ProtocolError("a second header block that does not end the stream");
        }
        GrpcStatus status = GrpcStatus.fromTrailers(headers, target);
        if (status.isOk() && inbound.partial()) {
            status = new GrpcStatus(GrpcStatus.INTERNAL, target + " ended the stream in the middle of a message");
        }
        end(status);
        return false;
    }

    /**
     * Makes at least {@code n} bytes of the current frame available in {@code buf} from {@code start}; false at the
     * end of the stream. A read that times out sends the keepalive PING, and a second one fails the call.
     */
    private boolean fill(int n) throws IOException {
        while (end - start < n) {
            if (buf.length - start < n) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            int r;
            try {
                r = in.read(buf, end, buf.length - end);
            } catch (SocketTimeoutException e) {
                if (pingSent) {
                    throw new IOException(target + " did not answer a keepalive ping within "
                            + options.keepAliveTimeout().toMillis() + " ms");
                }
                pingSent = true;
                queueControl(frame(PING, 0, 0, new byte[8], 0, 8));
                socket.setSoTimeout(millis(options.keepAliveTimeout()));
                continue;
            }
            if (r < 0) {
                return false;
            }
            end += r;
            if (pingSent) {
                pingSent = false;
                socket.setSoTimeout(millis(options.keepAliveTime()));
            }
        }
        return true;
    }

    private void requireStream(int streamId, String type) throws ProtocolError {
        if (streamId != STREAM) {
            throw new ProtocolError(type + " on stream " + streamId);
        }
    }

    /** The content of a frame that may be padded: {offset, length}. */
    private int[] unpad(int flags, int off, int length) throws ProtocolError {
        if ((flags & FLAG_PADDED) == 0) {
            return new int[] {off, length};
        }
        if (length < 1) {
            throw new ProtocolError("padded frame without its pad length");
        }
        int pad = buf[off] & 0xff;
        if (pad > length - 1) {
            throw new ProtocolError("padding longer than its frame");
        }
        return new int[] {off + 1, length - 1 - pad};
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
