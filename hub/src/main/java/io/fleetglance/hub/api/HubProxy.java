package io.fleetglance.hub.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a request for a host that another hub of the fleet streams to that hub, so that its answer is the live one,
 * and gives back its answer as it came. A hub that cannot be reached (it just died), or that refuses the caller's
 * credentials (hubs with different passwords), leaves the request to this hub, which answers from the shared store.
 * A proxied request says so in {@link #PROXIED_BY}, and such a request is never handed on again.
 */
final class HubProxy {

    private static final Logger log = LoggerFactory.getLogger(HubProxy.class);
    /** The header a hub adds to a request it hands on: its own URL. */
    static final String PROXIED_BY = "X-Fleetglance-Proxied-By";
    /** The header of an answer that another hub gave: that hub's URL. */
    static final String SERVED_BY = "X-Fleetglance-Served-By";
    private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Accept", "Content-Type", "Cookie");
    private static final List<String> ANSWER_HEADERS = List.of("Content-Type", "Cache-Control", "WWW-Authenticate");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    private final String ownUrl;

    HubProxy(String ownUrl) {
        this.ownUrl = ownUrl;
    }

    /** The other hub's answer to {@code request}, or empty when this hub should answer it itself. */
    Optional<Response> forward(String hubUrl, ContainerRequestContext request, byte[] body) {
        if (hubUrl == null || hubUrl.equals(ownUrl) || request.getHeaderString(PROXIED_BY) != null) {
            return Optional.empty();
        }
        URI asked = request.getUriInfo().getRequestUri();
        URI target = URI.create(hubUrl + asked.getRawPath() + (asked.getRawQuery() == null ? ""
                : "?" + asked.getRawQuery()));
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5))
                .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header(PROXIED_BY, ownUrl);
        for (String h : REQUEST_HEADERS) {
            String v = request.getHeaderString(h);
            if (v != null) {
                b.header(h, v);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException e) {
            log.debug("hub {} did not answer {} ({}): answering from the store", hubUrl, asked.getRawPath(),
                    e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (answer.statusCode() == 401 || answer.statusCode() == 403) {
            return Optional.empty(); // the other hub takes other credentials: this one, which let the caller in, answers
        }
        Response.ResponseBuilder out = Response.status(answer.statusCode()).entity(answer.body())
                .header(SERVED_BY, hubUrl);
        for (String h : ANSWER_HEADERS) {
            answer.headers().firstValue(h).ifPresent(v -> out.header(h, v));
        }
        return Optional.of(out.build());
    }
}
