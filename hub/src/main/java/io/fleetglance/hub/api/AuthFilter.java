package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.hub.auth.Authentication;
import io.fleetglance.hub.auth.LoginThrottle;
import jakarta.annotation.Priority;
import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;

/**
 * HTTP Basic or Bearer JWT on everything, as Glances does with a password; {@code /status} (the health check),
 * {@code /token}, the API documentation and static assets stay open. Failed logins (a wrong Basic password, a bad
 * bearer token, a refused {@code POST /token}) are counted per source address by the {@link LoginThrottle}; an
 * address over its budget gets 429 on any request that carries credentials until it may try again.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Pattern OPEN = Pattern.compile(
            "(hosts/[^/]+/)?api/4/(status|token)|openapi\\.json|docs|docs/.*|static/.*|webjars/.*");
    private static final Pattern TOKEN = Pattern.compile("(hosts/[^/]+/)?api/4/token");
    /** Set on a {@code POST /token} request: the user name it tried, to log if the hub refuses it. */
    private static final String TOKEN_USER = "fleetglance.token-user";
    private static final String TOKEN_ADDRESS = "fleetglance.token-address";

    private final Authentication auth;
    private final LoginThrottle throttle;
    @Context
    private Provider<Request> jettyRequest;

    public AuthFilter(Authentication auth, LoginThrottle throttle) {
        this.auth = auth;
        this.throttle = throttle;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String path = request.getUriInfo().getPath(true);
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if ("OPTIONS".equals(request.getMethod())) {
            return;
        }
        boolean tokenRequest = "POST".equals(request.getMethod()) && TOKEN.matcher(path).matches();
        String authorization = request.getHeaderString("Authorization");
        boolean credentials = tokenRequest || (authorization != null && !authorization.isBlank());
        String address = credentials ? remoteAddress() : "";
        if (credentials) {
            long wait = throttle.waitMillis(address);
            if (wait > 0) {
                long seconds = Math.max(1, (wait + 999) / 1000);
                request.abortWith(Response.fromResponse(Json.error(429, "Too many failed logins from " + address
                        + ": retry in " + seconds + " s")).header("Retry-After", seconds).build());
                return;
            }
        }
        if (tokenRequest) {
            request.setProperty(TOKEN_USER, userOfTokenRequest(request));
            request.setProperty(TOKEN_ADDRESS, address);
        }
        if (OPEN.matcher(path).matches()) {
            return;
        }
        switch (auth.check(authorization)) {
            case OK -> {
            }
            case NOT_AUTHENTICATED -> request.abortWith(withChallenge(Json.error(401, "Not authenticated"), "Basic"));
            case INCORRECT_BASIC -> {
                throttle.failed(address, basicUser(authorization));
                request.abortWith(withChallenge(Json.error(401, "Incorrect authentication"), "Basic"));
            }
            case INCORRECT_BEARER -> {
                throttle.failed(address, "(bearer token)");
                request.abortWith(withChallenge(Json.error(401, "Incorrect authentication"), "Bearer"));
            }
            default -> throw new IllegalStateException();
        }
    }

    /** A refused {@code POST /token} counts as a failed login. */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(TOKEN_USER) instanceof String user && response.getStatus() == 401) {
            throttle.failed(String.valueOf(request.getProperty(TOKEN_ADDRESS)), user);
        }
    }

    private String remoteAddress() {
        Request r = jettyRequest == null ? null : jettyRequest.get();
        return r == null ? "unknown" : Request.getRemoteAddr(r);
    }

    /** The user name of a {@code POST /token} body, read without consuming it; a body over the limit has none. */
    private static String userOfTokenRequest(ContainerRequestContext request) throws IOException {
        InputStream in = request.getEntityStream();
        byte[] body = in.readNBytes(BodyLimitFilter.LIMIT + 1);
        request.setEntityStream(new SequenceInputStream(new ByteArrayInputStream(body), in));
        if (body.length > BodyLimitFilter.LIMIT) {
            return "";
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            return json != null && json.path("username").isTextual() ? json.get("username").asText() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String basicUser(String authorization) {
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.trim().substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? "" : decoded.substring(0, colon);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return "";
        }
    }

    private static Response withChallenge(Response r, String scheme) {
        return Response.fromResponse(r).header("WWW-Authenticate", scheme).build();
    }
}
