package io.fleetglance.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.agent.Agent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/** A plain HTTP client for tests: GET a path of the hub and parse the JSON answer. */
public final class TestHttp {

    public record Answer(int status, String contentType, JsonNode json, String body) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client;
    private final int port;
    private final String scheme;

    /** Starts a real agent of this machine named {@code name} streaming to {@code hub}. */
    public static Agent startAgent(Hub hub, String name, Duration period) {
        return TestAgents.start(hub, name, "id-" + name + "-0000000", period);
    }

    public static boolean await(Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        return TestAgents.await(timeout, condition);
    }

    public TestHttp(int port) {
        this.port = port;
        this.scheme = "http";
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Over HTTPS, trusting what {@code ssl} trusts, asking for {@code version} (HTTP/2 falls back to 1.1). */
    public TestHttp(int port, SSLContext ssl, HttpClient.Version version) {
        this.port = port;
        this.scheme = "https";
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(ssl).version(version)
                .build();
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    /** Sends a request with the given method and header pairs (name, value, name, value...). */
    public Answer send(String method, String path, String... headers) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = raw(method, path, headers);
        String type = r.headers().firstValue("content-type").orElse("");
        String body = new String(r.body(), StandardCharsets.UTF_8);
        JsonNode json = type.startsWith("application/json") && !body.isEmpty() ? MAPPER.readTree(body) : null;
        return new Answer(r.statusCode(), type, json, body);
    }

    public HttpResponse<byte[]> raw(String method, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(scheme.equals("https") ? 20 : 5))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("")
                        : HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
