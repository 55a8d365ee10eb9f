package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * The hub's REST API v4, and nothing else: GETs answered as JSON, the few POSTs the keys need. HTTP or HTTPS as the
 * URL says; Basic authentication when a password is set, as Glances' own clients send it.
 */
final class HubClient {

    private final HttpClient http;
    private final URI base;
    private final ObjectMapper mapper;
    private final String authorization;
    private final Duration timeout;

    HubClient(URI base, String username, char[] password, SSLContext tls, ObjectMapper mapper, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.mapper = mapper;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.authorization = password == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
    }

    URI base() {
        return base;
    }

    /** GET {@code path} (relative to the hub's root, e.g. {@code api/4/serverslist}) as JSON. */
    JsonNode get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    /** POST with an empty body, as Glances' own WebUI does for the events and extended-stats routes. */
    JsonNode post(String path) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(String path) {
        // A host's /all and /all/views are hundreds of KiB with its processes; the hub gzips them (as Glances does).
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json").header("Accept-Encoding", "gzip");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new HubUnreachableException(base, e);
        }
        JsonNode body = parse(response);
        if (response.statusCode() / 100 != 2) {
            String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText()
                    : "HTTP " + response.statusCode();
            throw new HubAnswerException(response.statusCode(), detail);
        }
        return body;
    }

    private JsonNode parse(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return null;
        }
        boolean gzip = response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip");
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body))
                : new ByteArrayInputStream(body)) {
            return mapper.readTree(in);
        } catch (IOException e) {
            return null;
        }
    }

    /** The hub did not answer at all (refused, timed out, TLS failed). */
    static final class HubUnreachableException extends IOException {
        private static final long serialVersionUID = 1L;

        HubUnreachableException(URI base, IOException cause) {
            super(untrusted(cause) ? "hub " + base + ": untrusted TLS certificate (give its CA with --cacert)"
                    : "hub " + base + " does not answer: " + describe(cause), cause);
        }

        /** A handshake that failed on the hub's certificate, as against an https hub with a CA of its own. */
        private static boolean untrusted(IOException e) {
            if (!(e instanceof SSLHandshakeException)) {
                return false;
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CertificateException
                        || t instanceof CertPathBuilderException
                        || t instanceof CertPathValidatorException) {
                    return true;
                }
            }
            return e.getMessage() != null && e.getMessage().contains("PKIX");
        }

        private static String describe(IOException e) {
            if (e instanceof ConnectException) {
                return "connection refused";
            }
            if (e instanceof HttpTimeoutException) {
                return "no answer in time";
            }
            String m = e.getMessage();
            return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        }
    }

    /** The hub answered with an error status; {@code detail} is its {@code {"detail": ...}}. */
    static final class HubAnswerException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HubAnswerException(int status, String detail) {
            super(detail);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
