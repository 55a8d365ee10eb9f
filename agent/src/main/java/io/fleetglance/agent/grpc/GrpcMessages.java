package io.fleetglance.agent.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * gRPC's length-prefixed messages (a compressed flag, a 4-byte length, the bytes): framing one to send, and
 * reassembling those received from DATA frames of any size.
 */
final class GrpcMessages {

    private static final int PREFIX = 5;

    /** A message over the limit: the call ends as RESOURCE_EXHAUSTED. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private final int maxBytes;
    private final String source;
    private final Consumer<byte[]> sink;
    private final byte[] prefix = new byte[PREFIX];
    private int prefixFill;
    private byte[] message;
    private int messageFill;

    /**
     * @param maxBytes the largest message accepted
     * @param source   who sends them, for error messages
     * @param sink     gets each whole message, in order
     */
    GrpcMessages(int maxBytes, String source, Consumer<byte[]> sink) {
        this.maxBytes = maxBytes;
        this.source = source;
        this.sink = sink;
    }

    /** {@code message} serialized after its prefix, ready to go out as DATA. */
    static byte[] frame(MessageLite message) throws IOException {
        int size = message.getSerializedSize();
        byte[] framed = new byte[PREFIX + size];
        Http2.putInt(framed, 1, size);
        CodedOutputStream coded = CodedOutputStream.newInstance(framed, PREFIX, size);
        message.writeTo(coded);
        coded.checkNoSpaceLeft();
        return framed;
    }

    /** {@code message}, already encoded, after its prefix. */
    static byte[] frame(ByteString message) {
        int size = message.size();
        byte[] framed = new byte[PREFIX + size];
        Http2.putInt(framed, 1, size);
        message.copyTo(framed, PREFIX);
        return framed;
    }

    /**
     * A framed message with its payload gzipped (the compressed flag set), or {@code framed} itself when compressing
     * does not make it smaller.
     */
    static byte[] compress(byte[] framed, Gzip gzip) {
        byte[] packed = gzip.compress(framed, PREFIX, framed.length - PREFIX);
        if (packed.length >= framed.length - PREFIX) {
            return framed;
        }
        byte[] out = new byte[PREFIX + packed.length];
        out[0] = 1;
        Http2.putInt(out, 1, packed.length);
        System.arraycopy(packed, 0, out, PREFIX, packed.length);
        return out;
    }

    /** Takes the content of one DATA frame, handing each message it completes to the sink. */
    void accept(byte[] data, int off, int length) throws IOException {
        int i = off;
        int stop = off + length;
        while (i < stop) {
            if (message == null) {
                int take = Math.min(PREFIX - prefixFill, stop - i);
                System.arraycopy(data, i, prefix, prefixFill, take);
                prefixFill += take;
                i += take;
                if (prefixFill < PREFIX) {
                    return;
                }
                prefixFill = 0;
                if (prefix[0] != 0) {
                    throw new Http2.ProtocolError("compressed message from " + source + ", though none was offered");
                }
                int size = Http2.getInt(prefix, 1);
                if (size < 0 || size > maxBytes) {
                    throw new TooLarge("message of " + Integer.toUnsignedString(size) + " bytes from " + source
                            + ", over the limit of " + maxBytes);
                }
                message = new byte[size];
                messageFill = 0;
            } else {
                int take = Math.min(message.length - messageFill, stop - i);
                System.arraycopy(data, i, message, messageFill, take);
                messageFill += take;
                i += take;
            }
            if (message != null && messageFill == message.length) {
                byte[] done = message;
                message = null;
                sink.accept(done);
            }
        }
    }

    /** Whether a message has begun and not ended. */
    boolean partial() {
        return message != null || prefixFill > 0;
    }
}
