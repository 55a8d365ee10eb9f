package io.fleetglance.agent.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** HTTP/2 framing (RFC 9113) as far as one gRPC call needs it: the constants, and frames written as byte arrays. */
final class Http2 {

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int FRAME_HEADER = 9;

    // frame types
    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PUSH_PROMISE = 0x5;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int CONTINUATION = 0x9;

    // flags
    static final int FLAG_END_STREAM = 0x1;
    static final int FLAG_ACK = 0x1;
    static final int FLAG_END_HEADERS = 0x4;
    static final int FLAG_PADDED = 0x8;
    static final int FLAG_PRIORITY = 0x20;

    // settings
    static final int SETTINGS_ENABLE_PUSH = 0x2;
    static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

    // error codes
    static final int ERROR_NO_ERROR = 0x0;
    static final int ERROR_PROTOCOL = 0x1;
    static final int ERROR_FLOW_CONTROL = 0x3;
    static final int ERROR_FRAME_SIZE = 0x6;
    static final int ERROR_REFUSED_STREAM = 0x7;
    static final int ERROR_CANCEL = 0x8;
    static final int ERROR_COMPRESSION = 0x9;
    static final int ERROR_ENHANCE_YOUR_CALM = 0xb;
    static final int ERROR_INADEQUATE_SECURITY = 0xc;
    static final int ERROR_HTTP_1_1_REQUIRED = 0xd;
    static final int MAX_WINDOW = Integer.MAX_VALUE;

    static final int DEFAULT_WINDOW = 65_535;
    static final int DEFAULT_MAX_FRAME = 16_384;
    static final byte[] EMPTY = new byte[0];

    private Http2() {
    }

    /**
     * The server broke HTTP/2 (a connection error of RFC 9113 §5.4.1): the connection tells it with GOAWAY and this
     * error code, and the call ends as INTERNAL with this message.
     */
    static final class ProtocolError extends IOException {
        final int errorCode;

        ProtocolError(String message) {
            this(ERROR_PROTOCOL, message);
        }

        ProtocolError(int errorCode, String message) {
            super(message);
            this.errorCode = errorCode;
        }
    }

    /** One frame: its 9-byte header, then {@code length} bytes of {@code payload} from {@code off}. */
    static byte[] frame(int type, int flags, int streamId, byte[] payload, int off, int length) {
        byte[] frame = new byte[FRAME_HEADER + length];
        frame[0] = (byte) (length >>> 16);
        frame[1] = (byte) (length >>> 8);
        frame[2] = (byte) length;
        frame[3] = (byte) type;
        frame[4] = (byte) flags;
        putInt(frame, 5, streamId);
        System.arraycopy(payload, off, frame, FRAME_HEADER, length);
        return frame;
    }

    /** A frame whose payload is one 32-bit value (RST_STREAM, WINDOW_UPDATE). */
    static byte[] frame(int type, int streamId, int value) {
        byte[] payload = new byte[4];
        putInt(payload, 0, value);
        return frame(type, 0, streamId, payload, 0, 4);
    }

    static void write(ByteArrayOutputStream out, byte[] frame) {
        out.write(frame, 0, frame.length);
    }

    /** A SETTINGS frame with the given (identifier, value) pairs. */
    static byte[] settings(int... pairs) {
        byte[] payload = new byte[pairs.length * 3];
        for (int i = 0, at = 0; i < pairs.length; i += 2, at += 6) {
            payload[at] = (byte) (pairs[i] >>> 8);
            payload[at + 1] = (byte) pairs[i];
            putInt(payload, at + 2, pairs[i + 1]);
        }
        return frame(SETTINGS, 0, 0, payload, 0, payload.length);
    }

    static void putInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
