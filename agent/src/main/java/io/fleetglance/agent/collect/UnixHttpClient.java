package io.fleetglance.agent.collect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over a unix domain socket, enough for a container engine's API: one GET per connection
 * ({@code Connection: close}), bodies framed by Content-Length, chunked encoding or the end of the stream. Both the
 * connect and the whole answer are bounded in time, so a hung engine costs at most the two timeouts.
 */
final class UnixHttpClient {

    /** An answer: status code and body text (UTF-8). */
    record Response(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Answers larger than this are refused: a container list or stats document is a few hundred KiB at most. */
    private static final int MAX_RESPONSE_BYTES = 16 << 20;

    private final Path socket;
    private final long connectTimeoutNs;
    private final long readTimeoutNs;

    UnixHttpClient(Path socket, Duration connectTimeout, Duration readTimeout) {
        this.socket = socket;
        this.connectTimeoutNs = connectTimeout.toNanos();
        this.readTimeoutNs = readTimeout.toNanos();
    }

    Path socket() {
        return socket;
    }

    /**
     * GETs {@code target} (path and query, such as {@code /containers/json?all=false}).
     *
     * @throws SocketTimeoutException when the connect or the answer takes longer than its timeout
     * @throws IOException when the socket cannot be reached or the answer is not HTTP
     */
    Response get(String target) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                long deadline = System.nanoTime() + connectTimeoutNs;
                SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    await(selector, deadline, "connecting to " + socket);
                }
                key.cancel();
                selector.selectNow();
            }
            long deadline = System.nanoTime() + readTimeoutNs;
            send(channel, selector, request(target), deadline);
            return receive(channel, selector, deadline, target);
        }
    }

    private static ByteBuffer request(String target) {
        String request = "GET " + target + " HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "User-Agent: fleetglance-agent\r\n"
                + "Accept: application/json\r\n"
                + "Connection: close\r\n\r\n";
        return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    }

    private void send(SocketChannel channel, Selector selector, ByteBuffer bytes, long deadline) throws IOException {
        SelectionKey key = null;
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                if (key == null) {
                    key = channel.register(selector, SelectionKey.OP_WRITE);
                }
                await(selector, deadline, "sending to " + socket);
            }
        }
        if (key != null) {
            key.cancel();
            selector.selectNow();
        }
    }

    private Response receive(SocketChannel channel, Selector selector, long deadline, String target)
            throws IOException {
        channel.register(selector, SelectionKey.OP_READ);
        ByteArrayOutputStream received = new ByteArrayOutputStream(8192);
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        while (true) {
            int read = channel.read(buffer);
            if (read > 0) {
                received.write(buffer.array(), 0, buffer.position());
                buffer.clear();
                if (received.size() > MAX_RESPONSE_BYTES) {
                    throw new IOException("answer to GET " + target + " is larger than " + MAX_RESPONSE_BYTES
                            + " bytes");
                }
                Response complete = parse(received.toByteArray(), false, target);
                if (complete != null) {
                    return complete;
                }
            } else if (read < 0) {
                Response complete = parse(received.toByteArray(), true, target);
                if (complete == null) {
                    throw new IOException("connection closed before the end of the answer to GET " + target);
                }
                return complete;
            } else {
                await(selector, deadline, "waiting for the answer to GET " + target + " from " + socket);
            }
        }
    }

    private static void await(Selector selector, long deadline, String what) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            // A caller that gave up on this request: select() would return at once, again and again.
            throw new InterruptedIOException("interrupted " + what);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("timed out " + what);
        }
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
    }

    /**
     * The response in {@code bytes}, or null when more bytes are needed. {@code ended}: the peer closed the stream,
     * which completes a body that has neither length nor chunks.
     */
    static Response parse(byte[] bytes, boolean ended, String target) throws IOException {
        int headerEnd = indexOf(bytes, 0, "\r\n\r\n");
        if (headerEnd < 0) {
            return null;
        }
        String head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("answer to GET " + target + " is not HTTP/1.x: '" + lines[0] + "'");
        }
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IOException("answer to GET " + target + " has a bad status line: '" + lines[0] + "'");
        }
        long contentLength = -1;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("answer to GET " + target + " has a bad Content-Length '" + value + "'");
                }
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        int bodyStart = headerEnd + 4;
        if (chunked) {
            return dechunk(bytes, bodyStart, status, target);
        }
        if (contentLength >= 0) {
            if (bytes.length - bodyStart < contentLength) {
                return null;
            }
            return new Response(status, new String(bytes, bodyStart, (int) contentLength, StandardCharsets.UTF_8));
        }
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return new Response(status, "");
        }
        return ended ? new Response(status, new String(bytes, bodyStart, bytes.length - bodyStart,
                StandardCharsets.UTF_8)) : null;
    }

    private static Response dechunk(byte[] bytes, int from, int status, String target) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOf(bytes, at, "\r\n");
            if (lineEnd < 0) {
                return null;
            }
            String sizeText = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeText.indexOf(';');
            if (semicolon >= 0) {
                sizeText = sizeText.substring(0, semicolon);
            }
            int size;
            try {
                size = Integer.parseInt(sizeText.trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("answer to GET " + target + " has a bad chunk size '" + sizeText + "'");
            }
            int dataStart = lineEnd + 2;
            if (size == 0) {
                return new Response(status, body.toString(StandardCharsets.UTF_8));
            }
            if (bytes.length < dataStart + size + 2) {
                return null;
            }
            body.write(bytes, dataStart, size);
            at = dataStart + size + 2;
        }
    }

    private static int indexOf(byte[] bytes, int from, String ascii) {
        outer:
        for (int i = from; i <= bytes.length - ascii.length(); i++) {
            for (int k = 0; k < ascii.length(); k++) {
                if (bytes[i + k] != ascii.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
