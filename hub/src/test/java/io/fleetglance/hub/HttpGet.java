package io.fleetglance.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for tests: GET a path of the hub and parse the JSON answer. */
final class HttpGet {

    record Answer(int status, String contentType, JsonNode json, String body) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    HttpGet(int port) {
        this.port = port;
    }

    Answer get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("content-type").orElse("");
        JsonNode json = type.startsWith("application/json") ? MAPPER.readTree(r.body()) : null;
        return new Answer(r.statusCode(), type, json, r.body());
    }
}
