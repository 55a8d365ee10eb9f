package io.fleetglance.agent.collect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A real HTTP/1.1 server on a unix domain socket, replaying recorded answers by request target: what a container
 * engine would answer, without the engine. A target can be told to hang (accept, read the request, never answer).
 */
final class UnixHttpServer implements AutoCloseable {

    private record Answer(int status, String body, boolean chunked) {
    }

    private final ServerSocketChannel server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread acceptor;

    /** Listens on {@code socket}, creating its directory. */
    UnixHttpServer(Path socket) throws IOException {
        Files.createDirectories(socket.getParent());
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::acceptLoop, "unix-http-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers {@code target} with 200 and {@code body}, framed by Content-Length; later answers queue behind it. */
    UnixHttpServer answer(String target, String body) {
        return enqueue(target, new Answer(200, body, false));
    }

    /** Answers {@code target} with 200 and {@code body} in chunked transfer encoding, as Docker streams stats. */
    UnixHttpServer answerChunked(String target, String body) {
        return enqueue(target, new Answer(200, body, true));
    }

    UnixHttpServer answer(String target, int status, String body) {
        return enqueue(target, new Answer(status, body, false));
    }

    /** Never answers {@code target}: the connection stays open and silent until the server closes. */
    UnixHttpServer hang(String target) {
        return enqueue(target, null);
    }

    /** Answers {@code target} with the recorded file {@code /fixtures/<file>} of the test resources. */
    UnixHttpServer answerFile(String target, String file) {
        return answer(target, recorded(file));
    }

    static String recorded(String file) {
        try (var in = UnixHttpServer.class.getResourceAsStream("/fixtures/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded answer " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private UnixHttpServer enqueue(String target, Answer answer) {
        answers.computeIfAbsent(target, t -> new ArrayDeque<>()).add(answer == null ? new Answer(-1, "", false)
                : answer);
        return this;
    }

    /** Every request target received, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread handler = new Thread(() -> handle(client), "unix-http-client");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(SocketChannel client) {
        try (client) {
            String target = readRequestTarget(client);
            if (target == null) {
                return;
            }
            requests.add(target);
            Answer answer = next(target);
            if (answer.status() < 0) {
                closed.await();
                return;
            }
            client.write(ByteBuffer.wrap(encode(answer)));
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server closes
        }
    }

    private Answer next(String target) {
        Deque<Answer> queue = answers.get(target);
        if (queue == null) {
            return new Answer(404, "{\"message\":\"page not found\"}", false);
        }
        synchronized (queue) {
            // The last answer repeats for every further request.
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    private static String readRequestTarget(SocketChannel client) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
            buffer.clear();
            if (client.read(buffer) < 0) {
                return null;
            }
            head.write(buffer.array(), 0, buffer.position());
        }
        String requestLine = head.toString(StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
        return requestLine.split(" ")[1];
    }

    private static byte[] encode(Answer answer) {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        String reason = answer.status() == 200 ? "OK" : "Not Found";
        StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.status() + " " + reason + "\r\n"
                + "Api-Version: 1.47\r\nContent-Type: application/json\r\nDocker-Experimental: false\r\n"
                + "Ostype: linux\r\nServer: Docker/27.3.1 (linux)\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (answer.chunked()) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            int half = body.length / 2;
            writeChunk(out, body, 0, half);
            writeChunk(out, body, half, body.length - half);
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, byte[] body, int from, int length) {
        if (length == 0) {
            return;
        }
        out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, from, length);
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
    }
}
