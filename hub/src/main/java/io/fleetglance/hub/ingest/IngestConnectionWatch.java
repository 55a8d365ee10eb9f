package io.fleetglance.hub.ingest;

import io.fleetglance.common.names.LogText;
import io.fleetglance.hub.limit.RateLimitedLog;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.ChannelDuplexHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * First in each ingest connection's pipeline: reads the first bytes a peer sends and the GOAWAY frames the hub sends
 * back, so that a connection that is not HTTP/2 gRPC (garbage, an HTTP/1.1 request, TLS on the plaintext port), or
 * one the hub ends for a protocol error, costs one log line with its address and the reason, where gRPC's own
 * logging (silenced for that) would write a stack trace. It never changes what passes through.
 */
final class IngestConnectionWatch extends ChannelDuplexHandler {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int GOAWAY = 0x7;
    private static final byte TLS_HANDSHAKE = 0x16;
    private static final String[] ERRORS = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR",
        "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR",
        "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};

    private final RateLimitedLog log;
    private final boolean tls;
    private final byte[] first = new byte[PREFACE.length];
    private int firstCount;
    private boolean prefaceChecked;
    private boolean reported;
    private int goawayError = -1;   // a GOAWAY whose debug data is the next write
    private int goawayDebugLength;

    /** @param tls whether the port speaks TLS: then a connection must open with a TLS handshake record */
    IngestConnectionWatch(RateLimitedLog log, boolean tls) {
        this.log = log;
        this.tls = tls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tls && !prefaceChecked && msg instanceof ByteBuf in && in.isReadable()) {
            // Encrypted from here on: only the first byte tells a TLS client from anything else.
            prefaceChecked = true;
            if (in.getByte(in.readerIndex()) != TLS_HANDSHAKE) {
                int n = Math.min(in.readableBytes(), first.length);
                in.getBytes(in.readerIndex(), first, 0, n);
                report(ctx, "not TLS: " + whatItIs(first, n));
            }
        } else if (!prefaceChecked && msg instanceof ByteBuf in) {
            int n = Math.min(in.readableBytes(), first.length - firstCount);
            in.getBytes(in.readerIndex(), first, firstCount, n);
            for (int i = firstCount; i < firstCount + n; i++) {
                if (first[i] != PREFACE[i]) {
                    prefaceChecked = true;
                    report(ctx, "not HTTP/2 gRPC: " + whatItIs(first, firstCount + n));
                    break;
                }
            }
            firstCount += n;
            if (firstCount == first.length) {
                prefaceChecked = true;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!reported && msg instanceof ByteBuf out) {
            watchGoAway(ctx, out);
        }
        super.write(ctx, msg, promise);
    }

    /** Netty writes a GOAWAY as its 17 bytes of header, code and last stream, then its debug data as the next write. */
    private void watchGoAway(ChannelHandlerContext ctx, ByteBuf out) {
        int at = out.readerIndex();
        if (goawayError >= 0) {
            int n = Math.min(Math.min(goawayDebugLength, out.readableBytes()), 200);
            String debug = out.toString(at, n, StandardCharsets.UTF_8);
            int code = goawayError;
            goawayError = -1;
            report(ctx, "the hub ended the connection with " + errorName(code) + " (" + LogText.escape(debug, 200)
                    + ")");
            return;
        }
        if (out.readableBytes() != 17 || out.getByte(at + 3) != GOAWAY || out.getInt(at + 5) != 0) {
            return;
        }
        int length = out.getUnsignedMedium(at);
        int code = out.getInt(at + 13);
        if (code == 0 || length < 8) {
            return;                             // NO_ERROR: a graceful end (shutdown, connection age)
        }
        if (length == 8) {
            report(ctx, "the hub ended the connection with " + errorName(code));
        } else {
            goawayError = code;
            goawayDebugLength = length - 8;
        }
    }

    private void report(ChannelHandlerContext ctx, String reason) {
        if (!reported) {
            reported = true;
            log.warn("bad connection on the ingest port from {}: {}", address(ctx.channel().remoteAddress()), reason);
        }
    }

    /** A few words on what the peer sent instead of the HTTP/2 client preface. */
    static String whatItIs(byte[] bytes, int n) {
        if (n > 0 && bytes[0] == TLS_HANDSHAKE) {
            return "a TLS handshake on the plaintext (h2c) port";
        }
        if (n >= 3 && bytes[0] == 'P' && bytes[1] == 'R' && bytes[2] == 'I') {
            return "plaintext HTTP/2 (h2c) on the TLS port";
        }
        String text = new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
        int space = text.indexOf(' ');
        if (space > 0 && text.substring(0, space).matches("[A-Z]{3,8}")) {
            return "an HTTP/1.x request (" + text.substring(0, space) + ")";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++) {
            hex.append(String.format("%02x", bytes[i] & 0xff));
        }
        return "bytes that are not the HTTP/2 preface (starting 0x" + hex + ")";
    }

    private static String errorName(int code) {
        return code >= 0 && code < ERRORS.length ? ERRORS[code] : "HTTP/2 error " + code;
    }

    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(a);
    }
}
