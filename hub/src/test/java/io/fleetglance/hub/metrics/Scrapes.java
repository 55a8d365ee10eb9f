package io.fleetglance.hub.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Scrapes a hub as Prometheus would, with a timeout that a busy test machine can meet. */
final class Scrapes {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final int port;

    Scrapes(int port) {
        this.port = port;
    }

    /** GET with header pairs (name, value, ...). */
    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    String text(String path, String... headers) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get(path, headers);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode());
        }
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}
