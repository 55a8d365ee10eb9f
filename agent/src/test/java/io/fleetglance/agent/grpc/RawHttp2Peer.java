package io.fleetglance.agent.grpc;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A server written frame by frame on a loopback socket, for what a real gRPC server never does: every frame it
 * sends is chosen by the test, and it reads the client's frames one by one.
 */
final class RawHttp2Peer implements AutoCloseable {

    /** One frame read from the client. */
    record Frame(int type, int flags, int stream, byte[] payload) {
        int intAt(int at) {
            return Http2.getInt(payload, at);
        }
    }

    private final ServerSocket server;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    RawHttp2Peer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    int port() {
        return server.getLocalPort();
    }

    /** Accepts the client's connection and reads its preface. */
    void accept() throws IOException {
        socket = server.accept();
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] preface = new byte[24];
        in.readFully(preface);
        if (!Arrays.equals(preface, Http2.PREFACE)) {
            throw new IOException("not the HTTP/2 preface");
        }
    }

    /** Accepts, sends its own SETTINGS ({@code pairs}), and reads until the client's HEADERS. */
    void handshake(int... settingsPairs) throws IOException {
        accept();
        send(Http2.settings(settingsPairs));
        readUntil(Http2.HEADERS);
    }

    Frame read() throws IOException {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, flags, stream, payload);
    }

    /** Reads frames until one of {@code type}; returns it. */
    Frame readUntil(int type) throws IOException {
        while (true) {
            Frame f = read();
            if (f.type() == type) {
                return f;
            }
        }
    }

    void send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    void send(int type, int flags, int stream, byte[] payload) throws IOException {
        send(Http2.frame(type, flags, stream, payload, 0, payload.length));
    }

    /** A padded frame's payload: the pad length, the content, then {@code pad} zero bytes. */
    static byte[] padded(byte[] content, int pad) {
        byte[] p = new byte[1 + content.length + pad];
        p[0] = (byte) pad;
        System.arraycopy(content, 0, p, 1, content.length);
        return p;
    }

    /** A header block of literal fields, as (name, value) pairs. */
    static byte[] headerBlock(String... pairs) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (int i = 0; i < pairs.length; i += 2) {
            Hpack.writeLiteral(block, pairs[i], pairs[i + 1]);
        }
        return block.toByteArray();
    }

    static byte[] responseHeaders() {
        return headerBlock(":status", "200", "content-type", "application/grpc");
    }

    static byte[] trailers(int grpcStatus) {
        return headerBlock("grpc-status", Integer.toString(grpcStatus));
    }

    /** {@code message} with gRPC's 5-byte prefix. */
    static byte[] grpcMessage(byte[] message) {
        byte[] framed = new byte[5 + message.length];
        Http2.putInt(framed, 1, message.length);
        System.arraycopy(message, 0, framed, 5, message.length);
        return framed;
    }

    static byte[] int32(int value) {
        byte[] b = new byte[4];
        Http2.putInt(b, 0, value);
        return b;
    }

    static byte[] goAway(int lastStream, int errorCode, String debug) {
        byte[] d = debug.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[8 + d.length];
        Http2.putInt(p, 0, lastStream);
        Http2.putInt(p, 4, errorCode);
        System.arraycopy(d, 0, p, 8, d.length);
        return p;
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
