package io.fleetglance.agent.grpc;

import static io.fleetglance.agent.grpc.Http2.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 connection (RFC 9113, cleartext with prior knowledge) that carries one client stream: the frames, the
 * SETTINGS, both flow-control windows, PING and keepalive, GOAWAY and the connection's errors. What the stream means
 * (gRPC) is {@link GrpcCall}'s.
 *
 * <p>Two threads: a reader, here, that decodes frames and watches the connection (a keepalive PING after
 * {@link KeepAliveTime} without a byte from the server; the connection fails if nothing comes back within the
 * keepalive timeout), and the {@link Http2Writer}'s, that sends control frames first, then the stream's DATA as the
 * server's windows allow. The reader never writes, so a connection whose send buffer is full (a cut link, a server that stopped
 * reading) is still detected and closed, which frees a writer blocked on it.
 */
final class Http2Connection {

    /** The stream the connection carries, as the reader thread sees it. */
    interface Stream {
        /** A whole header block (HEADERS and its CONTINUATIONs), decoded. */
        void onHeaders(List<Hpack.Header> headers, boolean endStream) throws IOException;

        /** The content of one DATA frame, padding removed. */
        void onData(byte[] data, int off, int length, boolean endStream) throws IOException;

        /** The stream ended with {@code status}: called once, on any thread. */
        void onClosed(GrpcStatus status);
    }

    private static final Logger log = LoggerFactory.getLogger(Http2Connection.class);
    static final int STREAM = 1;                        // the connection's one stream
    private static final int RECEIVE_WINDOW = 1 << 20;  // what the server may send ahead, per stream and connection
    private static final int MAX_FRAME = DEFAULT_MAX_FRAME; // the largest frame accepted (HTTP/2's default)
    private static final int HEADER_TABLE_SIZE = 4_096;
    static final int MAX_HEADER_LIST = 16_384;
    private static final String TOO_MANY_PINGS = "too_many_pings";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String target;
    private final KeepAliveTime keepAlive;
    private final Duration keepAliveTime;
    private final Duration keepAliveTimeout;
    private final Stream stream;
    private final Thread reader;
    private final Http2Writer writer;

    // reader thread only
    private final Hpack.Decoder hpack = new Hpack.Decoder(HEADER_TABLE_SIZE, MAX_HEADER_LIST);
    private final byte[] buf = new byte[2 * (FRAME_HEADER + MAX_FRAME)];
    private int start;
    private int end;
    private boolean pingSent;
    private ByteArrayOutputStream headerBlock;
    private boolean headerBlockEndsStream;
    private int unackedConnection;
    private int unackedStream;
    private boolean goneAway;

    Http2Connection(Socket socket, String target, KeepAliveTime keepAlive, Duration keepAliveTimeout, Stream stream)
            throws IOException {
        this.socket = socket;
        this.target = target;
        this.keepAlive = keepAlive;
        this.keepAliveTime = keepAlive.current();
        this.keepAliveTimeout = keepAliveTimeout;
        this.stream = stream;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(millis(keepAliveTime));
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.reader = new Thread(this::readLoop, "fleetglance-grpc-reader");
        reader.setDaemon(true);
        this.writer = new Http2Writer(out, STREAM, e -> close(e instanceof InterruptedIOException
                ? new GrpcStatus(GrpcStatus.CANCELLED, "interrupted")
                : new GrpcStatus(GrpcStatus.UNAVAILABLE, "cannot write to " + target + ": " + e.getMessage())));
    }

    /** Sends the preface, the SETTINGS and the stream's HEADERS ({@code headerBlock}), then starts both threads. */
    void open(byte[] headerBlock) throws IOException {
        ByteArrayOutputStream opening = new ByteArrayOutputStream(512);
        opening.write(PREFACE, 0, PREFACE.length);
        write(opening, settings(SETTINGS_ENABLE_PUSH, 0, SETTINGS_INITIAL_WINDOW_SIZE, RECEIVE_WINDOW,
                SETTINGS_MAX_HEADER_LIST_SIZE, MAX_HEADER_LIST));
        write(opening, frame(WINDOW_UPDATE, 0, RECEIVE_WINDOW - DEFAULT_WINDOW));
        write(opening, frame(HEADERS, FLAG_END_HEADERS, STREAM, headerBlock, 0, headerBlock.length));
        out.write(opening.toByteArray());
        writer.start();     // first: the reader may end the connection at once, and the writer must flush why
        reader.start();
    }

    /**
     * Queues {@code bytes} as the stream's DATA; waits while a quarter MiB is already waiting for the server.
     *
     * @throws IOException when the stream has ended
     */
    void sendData(byte[] bytes) throws IOException {
        writer.sendData(bytes);
    }

    /** Ends the stream from this side (END_STREAM) once the queued DATA is sent. */
    void endStream() {
        writer.endStream();
    }

    boolean isClosed() {
        return writer.ended() != null;
    }

    /** Resets the stream with {@code errorCode} (when the connection still takes it), then closes the connection. */
    void reset(int errorCode, GrpcStatus status) {
        closeWith(frame(RST_STREAM, STREAM, errorCode), status);
    }

    /** Closes the connection at once; the stream ends with {@code status}. */
    void close(GrpcStatus status) {
        closeWith(null, status);
    }

    /**
     * Ends the stream with {@code status}, once: {@code last}, if any, is flushed first when the connection takes it.
     */
    private void closeWith(byte[] last, GrpcStatus status) {
        if (!writer.end(last, status)) {
            return;
        }
        // A writer blocked on a dead connection is freed by the close.
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        stream.onClosed(status);
    }

    private void queueControl(byte[] frame) {
        writer.queueControl(frame);
    }

    // ---- reader ----

    private void readLoop() {
        try {
            boolean first = true;
            while (!isClosed()) {
                if (!fill(FRAME_HEADER)) {
                    close(new GrpcStatus(GrpcStatus.UNAVAILABLE, end > start
                            ? "connection to " + target + " closed in the middle of a frame"
                            : "connection closed by " + target + (goneAway ? " after GOAWAY" : "")));
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
                    throw new ProtocolError(ERROR_FRAME_SIZE, "frame of " + length + " bytes from " + target
                            + ", over " + MAX_FRAME);
                }
                if (!fill(FRAME_HEADER + length)) {
                    close(new GrpcStatus(GrpcStatus.UNAVAILABLE,
                            "connection to " + target + " closed in the middle of a frame"));
                    return;
                }
                int payload = start + FRAME_HEADER;
                start += FRAME_HEADER + length;
                if (headerBlock != null && type != CONTINUATION) {
                    throw new ProtocolError("expected CONTINUATION, got frame type " + type);
                }
                handle(type, flags, streamId, payload, length);
            }
        } catch (ProtocolError e) {
            // A connection error: tell the server why with GOAWAY, as RFC 9113 §5.4.1 asks, then close.
            byte[] debug = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[8 + Math.min(debug.length, 256)];
            putInt(payload, 4, e.errorCode);
            System.arraycopy(debug, 0, payload, 8, payload.length - 8);
            closeWith(frame(GOAWAY, 0, 0, payload, 0, payload.length), new GrpcStatus(GrpcStatus.INTERNAL,
                    e.errorCode == ERROR_PROTOCOL ? e.getMessage()
                            : e.getMessage() + " (HTTP/2 error " + GrpcStatus.http2ErrorName(e.errorCode) + ")"));
        } catch (IOException e) {
            close(new GrpcStatus(GrpcStatus.UNAVAILABLE, e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (RuntimeException e) {
            reset(ERROR_CANCEL, new GrpcStatus(GrpcStatus.INTERNAL, "while reading from " + target + ": " + e));
        }
    }

    private void handle(int type, int flags, int streamId, int off, int length) throws IOException {
        switch (type) {
            case DATA -> {
                requireStream(streamId, "DATA");
                int[] span = unpad(flags, off, length);
                received(length);
                stream.onData(buf, span[0], span[1], (flags & FLAG_END_STREAM) != 0);
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
                    headerBlock();
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
                    headerBlock();
                }
            }
            case RST_STREAM -> {
                requireStream(streamId, "RST_STREAM");
                if (length != 4) {
                    throw new ProtocolError(ERROR_FRAME_SIZE, "RST_STREAM of " + length + " bytes");
                }
                close(GrpcStatus.fromHttp2Error(getInt(buf, off), target + " reset the stream"));
            }
            case SETTINGS -> onSettings(flags, streamId, off, length);
            case PING -> {
                if (length != 8 || streamId != 0) {
                    throw new ProtocolError(length != 8 ? ERROR_FRAME_SIZE : ERROR_PROTOCOL, "malformed PING");
                }
                if ((flags & FLAG_ACK) == 0) {
                    queueControl(frame(PING, FLAG_ACK, 0, buf, off, 8));
                }
            }
            case GOAWAY -> onGoAway(streamId, off, length);
            case WINDOW_UPDATE -> onWindowUpdate(streamId, off, length);
            case PUSH_PROMISE -> throw new ProtocolError("PUSH_PROMISE, though push is disabled");
            default -> {
                // PRIORITY and frame types this connection does not know are ignored, as HTTP/2 requires
            }
        }
    }

    private void headerBlock() throws IOException {
        byte[] block = headerBlock.toByteArray();
        headerBlock = null;
        List<Hpack.Header> headers;
        try {
            headers = hpack.decode(block, 0, block.length);
        } catch (IOException | RuntimeException e) {
            // The decoder's table may now differ from the server's: nothing more on this connection can be read.
            throw new ProtocolError(ERROR_COMPRESSION, "cannot decode the headers from " + target + ": "
                    + e.getMessage());
        }
        stream.onHeaders(headers, headerBlockEndsStream);
    }

    private void onGoAway(int streamId, int off, int length) throws ProtocolError {
        if (length < 8 || streamId != 0) {
            throw new ProtocolError(length < 8 ? ERROR_FRAME_SIZE : ERROR_PROTOCOL, "malformed GOAWAY");
        }
        int lastStream = getInt(buf, off) & 0x7fffffff;
        int errorCode = getInt(buf, off + 4);
        String debug = new String(buf, off + 8, length - 8, StandardCharsets.UTF_8);
        goneAway = true;
        if (errorCode == ERROR_ENHANCE_YOUR_CALM && TOO_MANY_PINGS.equals(debug)) {
            log.warn("{} finds the keepalive pings too frequent (too_many_pings): next connections ping after {} s "
                    + "of silence", target, keepAlive.backOff().toSeconds());
        }
        if (lastStream < STREAM) {
            close(GrpcStatus.fromHttp2Error(errorCode, target + " is going away before the call"
                    + (debug.isEmpty() ? "" : ": " + debug.replaceAll("\\p{Cntrl}", "?"))));
        }
        // Otherwise the server finishes this call first: its end comes as trailers, a reset or the connection closing.
    }

    private void onWindowUpdate(int streamId, int off, int length) throws IOException {
        if (length != 4) {
            throw new ProtocolError(ERROR_FRAME_SIZE, "malformed WINDOW_UPDATE");
        }
        int increment = getInt(buf, off) & 0x7fffffff;
        if (increment == 0) {
            throw new ProtocolError("WINDOW_UPDATE of 0");
        }
        boolean streamOverflow = !writer.windowUpdate(streamId, increment);
        if (streamOverflow) {
            // a stream error (RFC 9113 §6.9.1): the stream alone is reset, with FLOW_CONTROL_ERROR
            reset(ERROR_FLOW_CONTROL, new GrpcStatus(GrpcStatus.INTERNAL,
                    "stream flow-control window over 2^31-1 (HTTP/2 error FLOW_CONTROL_ERROR)"));
        }
    }

    private void onSettings(int flags, int streamId, int off, int length) throws ProtocolError {
        if (streamId != 0) {
            throw new ProtocolError("SETTINGS on stream " + streamId);
        }
        if (length % 6 != 0 || ((flags & FLAG_ACK) != 0 && length != 0)) {
            throw new ProtocolError(ERROR_FRAME_SIZE, "malformed SETTINGS");
        }
        if ((flags & FLAG_ACK) != 0) {
            return;
        }
        long initialWindow = -1;
        int maxFrame = 0;
        for (int i = off; i < off + length; i += 6) {
            int id = ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
            int value = getInt(buf, i + 2);
            if (id == SETTINGS_INITIAL_WINDOW_SIZE) {
                initialWindow = Integer.toUnsignedLong(value);
            } else if (id == SETTINGS_MAX_FRAME_SIZE) {
                if (value < 16_384 || value > 16_777_215) {
                    throw new ProtocolError("max frame size " + value + " out of range");
                }
                maxFrame = value;
            } else if (id == SETTINGS_ENABLE_PUSH && value != 0 && value != 1) {
                throw new ProtocolError("SETTINGS_ENABLE_PUSH of " + value);
            }
        }
        writer.applySettings(initialWindow, maxFrame, frame(SETTINGS, FLAG_ACK, 0, EMPTY, 0, 0));
    }

    /**
     * Counts received DATA against the windows this side gave, and gives it back once half is used. More than the
     * window is a FLOW_CONTROL_ERROR.
     */
    private void received(int length) throws ProtocolError {
        unackedConnection += length;
        unackedStream += length;
        if (unackedConnection > RECEIVE_WINDOW || unackedStream > RECEIVE_WINDOW) {
            throw new ProtocolError(ERROR_FLOW_CONTROL, target + " sent more DATA than its flow-control window");
        }
        if (unackedConnection >= RECEIVE_WINDOW / 2) {
            queueControl(frame(WINDOW_UPDATE, 0, unackedConnection));
            unackedConnection = 0;
        }
        if (unackedStream >= RECEIVE_WINDOW / 2) {
            queueControl(frame(WINDOW_UPDATE, STREAM, unackedStream));
            unackedStream = 0;
        }
    }

    /**
     * Makes at least {@code n} bytes of the current frame available in {@code buf} from {@code start}; false at the
     * end of the stream. A read that times out sends the keepalive PING, and a second one fails the connection.
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
                            + keepAliveTimeout.toMillis() + " ms");
                }
                pingSent = true;
                queueControl(frame(PING, 0, 0, new byte[8], 0, 8));
                socket.setSoTimeout(millis(keepAliveTimeout));
                continue;
            }
            if (r < 0) {
                return false;
            }
            end += r;
            if (pingSent) {
                pingSent = false;
                socket.setSoTimeout(millis(keepAliveTime));
            }
        }
        return true;
    }

    private static void requireStream(int streamId, String type) throws ProtocolError {
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
            throw new ProtocolError(ERROR_FRAME_SIZE, "padded frame without its pad length");
        }
        int pad = buf[off] & 0xff;
        if (pad > length - 1) {
            throw new ProtocolError("padding longer than its frame");
        }
        return new int[] {off + 1, length - 1 - pad};
    }

    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
