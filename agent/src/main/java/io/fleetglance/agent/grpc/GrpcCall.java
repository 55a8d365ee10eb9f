package io.fleetglance.agent.grpc;

import com.google.protobuf.CodedOutputStream;
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

    // HTTP/2 (RFC 9113): frame types, flags, settings
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int PUSH_PROMISE = 0x5;
    private static final int PING = 0x6;
    private static final int GOAWAY = 0x7;
    private static final int WINDOW_UPDATE = 0x8;
    private static final int CONTINUATION = 0x9;
    private static final int FLAG_END_STREAM = 0x1;
    private static final int FLAG_ACK = 0x1;
    private static final int FLAG_END_HEADERS = 0x4;
    private static final int FLAG_PADDED = 0x8;
    private static final int FLAG_PRIORITY = 0x20;
    private static final int SETTINGS_ENABLE_PUSH = 0x2;
    private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    private static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    private static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;
    private static final int ERROR_CANCEL = 0x8;

    private static final int STREAM = 1;                // the call's one stream
    private static final int DEFAULT_WINDOW = 65_535;
    private static final int RECEIVE_WINDOW = 1 << 20;  // what the server may send ahead, per stream and connection
    private static final int MAX_FRAME = 16_384;        // the largest frame accepted (HTTP/2's default)
    private static final int HEADER_TABLE_SIZE = 4_096;
    private static final int MAX_HEADER_LIST = 16_384;
    private static final int QUEUE_LIMIT = 256 * 1024;  // send() waits while this many bytes wait for the writer
    private static final byte[] EMPTY = new byte[0];

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
    private int peerMaxFrame = 16_384;
    private GrpcStatus closed;
    private boolean notified;

    // reader thread only
    private final Hpack.Decoder hpack = new Hpack.Decoder(HEADER_TABLE_SIZE, MAX_HEADER_LIST);
    private final byte[] buf = new byte[2 * (9 + MAX_FRAME)];
    private int start;
    private int end;
    private boolean pingSent;
    private ByteArrayOutputStream headerBlock;
    private boolean headerBlockEndsStream;
    private boolean responseHeaders;
    private final byte[] prefix = new byte[5];
    private int prefixFill;
    private byte[] message;
    private int messageFill;
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
        ByteArrayOutputStream opening = new ByteArrayOutputStream(512);
        opening.write(PREFACE, 0, PREFACE.length);
        byte[] settings = new byte[18];
        putSetting(settings, 0, SETTINGS_ENABLE_PUSH, 0);
        putSetting(settings, 6, SETTINGS_INITIAL_WINDOW_SIZE, RECEIVE_WINDOW);
        putSetting(settings, 12, SETTINGS_MAX_HEADER_LIST_SIZE, MAX_HEADER_LIST);
        writeFrame(opening, SETTINGS, 0, 0, settings, 0, settings.length);
        writeFrame(opening, WINDOW_UPDATE, 0, 0, int32(RECEIVE_WINDOW - DEFAULT_WINDOW), 0, 4);
        ByteArrayOutputStream headers = new ByteArrayOutputStream(256);
        Hpack.writeIndexed(headers, 3);                 // :method POST
        Hpack.writeIndexed(headers, 6);                 // :scheme http
        Hpack.writeLiteral(headers, 4, method);         // :path
        Hpack.writeLiteral(headers, 1, target);         // :authority
        Hpack.writeLiteral(headers, "content-type", "application/grpc");
        Hpack.writeLiteral(headers, "te", "trailers");
        Hpack.writeLiteral(headers, "user-agent", options.userAgent());
        byte[] block = headers.toByteArray();
        writeFrame(opening, HEADERS, FLAG_END_HEADERS, STREAM, block, 0, block.length);
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
        Socket socket = connect(host, port, millis(options.connectTimeout()));
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

    private static Socket connect(String host, int port, int timeoutMs) throws IOException {
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
        int size = message.getSerializedSize();
        byte[] framed = new byte[5 + size];
        putInt(framed, 1, size);
        CodedOutputStream coded = CodedOutputStream.newInstance(framed, 5, size);
        message.writeTo(coded);
        coded.checkNoSpaceLeft();
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
            control.add(frame(RST_STREAM, 0, STREAM, int32(ERROR_CANCEL), 0, 4));
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
                if (!fill(9)) {
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
                if (!fill(9 + length)) {
                    end(new GrpcStatus(GrpcStatus.UNAVAILABLE,
                            "connection to " + target + " closed in the middle of a frame"));
                    return;
                }
                int payload = start + 9;
                start += 9 + length;
                if (headerBlock != null && type != CONTINUATION) {
                    throw new ProtocolError("expected CONTINUATION, got frame type " + type);
                }
                if (!handle(type, flags, streamId, payload, length)) {
                    return;
                }
            }
        } catch (ProtocolError e) {
            end(new GrpcStatus(GrpcStatus.INTERNAL, e.getMessage()));
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
                if (!messageBytes(span[0], span[1])) {
                    return false;
                }
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
                        : code == 0x7 ? GrpcStatus.UNAVAILABLE : GrpcStatus.INTERNAL,
                        target + " reset the stream (HTTP/2 error " + code + ")"));
                return false;
            }
            case SETTINGS -> settings(flags, streamId, off, length);
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

    private void settings(int flags, int streamId, int off, int length) throws ProtocolError {
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
            queueControl(frame(WINDOW_UPDATE, 0, 0, int32(unackedConnection), 0, 4));
            unackedConnection = 0;
        }
        if (unackedStream >= RECEIVE_WINDOW / 2) {
            queueControl(frame(WINDOW_UPDATE, 0, STREAM, int32(unackedStream), 0, 4));
            unackedStream = 0;
        }
    }

    /** Reassembles length-prefixed messages from DATA; false once the call has ended. */
    private boolean messageBytes(int off, int length) throws ProtocolError {
        int i = off;
        int stop = off + length;
        while (i < stop) {
            if (message == null) {
                int take = Math.min(5 - prefixFill, stop - i);
                System.arraycopy(buf, i, prefix, prefixFill, take);
                prefixFill += take;
                i += take;
                if (prefixFill < 5) {
                    break;
                }
                prefixFill = 0;
                if (prefix[0] != 0) {
                    throw new ProtocolError("compressed message from " + target + ", though none was offered");
                }
                int size = getInt(prefix, 1);
                if (size < 0 || size > options.maxInboundMessageBytes()) {
                    abort(new GrpcStatus(GrpcStatus.RESOURCE_EXHAUSTED, "message of " + Integer.toUnsignedString(size)
                            + " bytes from " + target + ", over the limit of " + options.maxInboundMessageBytes()));
                    return false;
                }
                message = new byte[size];
                messageFill = 0;
            } else {
                int take = Math.min(message.length - messageFill, stop - i);
                System.arraycopy(buf, i, message, messageFill, take);
                messageFill += take;
                i += take;
            }
            if (message != null && messageFill == message.length) {
                byte[] done = message;
                message = null;
                listener.onMessage(done);
            }
        }
        return true;
    }

    private boolean headerBlock() throws IOException {
        byte[] block = headerBlock.toByteArray();
        headerBlock = null;
        List<Hpack.Header> headers = hpack.decode(block, 0, block.length);
        if (!responseHeaders) {
            responseHeaders = true;
            String httpStatus = header(headers, ":status");
            if (!"200".equals(httpStatus)) {
                String grpcStatus = header(headers, "grpc-status");
                end(grpcStatus != null ? status(headers) : new GrpcStatus(httpToGrpc(httpStatus),
                        "HTTP status " + httpStatus + " from " + target));
                return false;
            }
            String contentType = header(headers, "content-type");
            if (contentType == null || !contentType.startsWith("application/grpc")) {
                end(new GrpcStatus(GrpcStatus.UNKNOWN, target + " answered with content-type " + contentType));
                return false;
            }
            if (headerBlockEndsStream) {           // trailers-only: the call ends before any message
                end(status(headers));
                return false;
            }
            return true;
        }
        if (!headerBlockEndsStream) {
            throw new ProtocolError("a second header block that does not end the stream");
        }
        GrpcStatus status = status(headers);
        if (status.isOk() && (message != null || prefixFill > 0)) {
            status = new GrpcStatus(GrpcStatus.INTERNAL, target + " ended the stream in the middle of a message");
        }
        end(status);
        return false;
    }

    private GrpcStatus status(List<Hpack.Header> trailers) {
        String code = header(trailers, "grpc-status");
        if (code == null) {
            return new GrpcStatus(GrpcStatus.UNKNOWN, target + " ended the call without grpc-status");
        }
        String message = header(trailers, "grpc-message");
        try {
            return new GrpcStatus(Integer.parseInt(code.trim()), message == null ? null : percentDecode(message));
        } catch (NumberFormatException e) {
            return new GrpcStatus(GrpcStatus.UNKNOWN, "grpc-status '" + code + "' from " + target);
        }
    }

    private static String header(List<Hpack.Header> headers, String name) {
        for (Hpack.Header h : headers) {
            if (h.name().equals(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** The gRPC code for an HTTP status that is not 200 (gRPC's http-grpc-status-mapping). */
    static int httpToGrpc(String httpStatus) {
        return switch (httpStatus == null ? "" : httpStatus) {
            case "400" -> GrpcStatus.INTERNAL;
            case "401" -> 16;
            case "403" -> 7;
            case "404" -> GrpcStatus.UNIMPLEMENTED;
            case "429", "502", "503", "504" -> GrpcStatus.UNAVAILABLE;
            default -> GrpcStatus.UNKNOWN;
        };
    }

    /** grpc-message is UTF-8, percent-encoded. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    bytes.write(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            bytes.write(c);
        }
        return bytes.toString(StandardCharsets.UTF_8);
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

    // ---- encoding ----

    private static byte[] frame(int type, int flags, int streamId, byte[] payload, int off, int length) {
        byte[] frame = new byte[9 + length];
        frame[0] = (byte) (length >>> 16);
        frame[1] = (byte) (length >>> 8);
        frame[2] = (byte) length;
        frame[3] = (byte) type;
        frame[4] = (byte) flags;
        putInt(frame, 5, streamId);
        System.arraycopy(payload, off, frame, 9, length);
        return frame;
    }

    private static void writeFrame(ByteArrayOutputStream out, int type, int flags, int streamId, byte[] payload,
            int off, int length) {
        byte[] frame = frame(type, flags, streamId, payload, off, length);
        out.write(frame, 0, frame.length);
    }

    private static void putSetting(byte[] b, int at, int id, int value) {
        b[at] = (byte) (id >>> 8);
        b[at + 1] = (byte) id;
        putInt(b, at + 2, value);
    }

    private static byte[] int32(int value) {
        byte[] b = new byte[4];
        putInt(b, 0, value);
        return b;
    }

    private static void putInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    private static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The server broke HTTP/2 or gRPC: the call ends as INTERNAL. */
    private static final class ProtocolError extends IOException {
        ProtocolError(String message) {
            super(message);
        }
    }
}
