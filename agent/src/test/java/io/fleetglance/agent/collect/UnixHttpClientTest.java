package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixHttpClientTest {

    @TempDir
    Path dir;

    private static UnixHttpClient.Response parse(String raw, boolean ended) throws IOException {
        return UnixHttpClient.parse(raw.getBytes(StandardCharsets.UTF_8), ended, "/x");
    }

    @Test
    void readsABodyFramedByContentLength() throws IOException {
        assertEquals(new UnixHttpClient.Response(200, "{\"a\":1}"),
                parse("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"a\":1}", false));
        // Three bytes of seven: not complete yet.
        assertNull(parse("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"a", false));
    }

    @Test
    void joinsChunksUntilTheLastOne() throws IOException {
        String raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n[1,2\r\n3;ext=1\r\n,3]\r\n0\r\n\r\n";

        assertEquals(new UnixHttpClient.Response(200, "[1,2,3]"), parse(raw, false));
        assertNull(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n[1,2\r\n", false));
    }

    @Test
    void takesTheRestOfTheStreamWhenTheBodyHasNoFraming() throws IOException {
        assertNull(parse("HTTP/1.1 404 Not Found\r\n\r\nno such", false));
        assertEquals(new UnixHttpClient.Response(404, "no such"), parse("HTTP/1.1 404 Not Found\r\n\r\nno such", true));
    }

    @Test
    void refusesWhatIsNotHttp() {
        IOException e = assertThrows(IOException.class, () -> parse("SSH-2.0-OpenSSH_9.2\r\n\r\n", true));
        assertEquals("answer to GET /x is not HTTP/1.x: 'SSH-2.0-OpenSSH_9.2'", e.getMessage());
    }

    @Test
    void getsAnAnswerFromARealSocket() throws IOException {
        try (UnixHttpServer server = new UnixHttpServer(dir.resolve("api.sock"))) {
            server.answerChunked("/ping", "{\"ok\":true}");
            UnixHttpClient client = new UnixHttpClient(dir.resolve("api.sock"), Duration.ofSeconds(1),
                    Duration.ofSeconds(1));

            assertEquals(new UnixHttpClient.Response(200, "{\"ok\":true}"), client.get("/ping"));
            assertEquals(404, client.get("/other").status());
        }
    }

    @Test
    void timesOutOnASilentServer() throws IOException {
        try (UnixHttpServer server = new UnixHttpServer(dir.resolve("api.sock"))) {
            server.hang("/version");
            UnixHttpClient client = new UnixHttpClient(dir.resolve("api.sock"), Duration.ofSeconds(1),
                    Duration.ofMillis(200));

            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> client.get("/version"));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 190 && ms < 1_000, "gave up after " + ms + " ms");
        }
    }

    @Test
    void failsAtOnceWithoutASocket() {
        UnixHttpClient client = new UnixHttpClient(dir.resolve("absent.sock"), Duration.ofSeconds(1),
                Duration.ofSeconds(1));

        assertThrows(IOException.class, () -> client.get("/version"));
    }
}
