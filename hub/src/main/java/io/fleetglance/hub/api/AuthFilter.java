package io.fleetglance.hub.api;

import io.fleetglance.hub.auth.Authentication;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/**
 * HTTP Basic or Bearer JWT on everything, as Glances does with a password; {@code /status} (the health check),
 * {@code /token}, the API documentation and static assets stay open.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {

    private static final Pattern OPEN = Pattern.compile(
            "(hosts/[^/]+/)?api/4/(status|token)|openapi\\.json|docs|docs/.*|static/.*|webjars/.*");

    private final Authentication auth;

    public AuthFilter(Authentication auth) {
        this.auth = auth;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(true);
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if ("OPTIONS".equals(request.getMethod()) || OPEN.matcher(path).matches()) {
            return;
        }
        switch (auth.check(request.getHeaderString("Authorization"))) {
            case OK -> {
            }
            case NOT_AUTHENTICATED -> request.abortWith(withChallenge(Json.error(401, "Not authenticated"), "Basic"));
            case INCORRECT_BASIC -> request.abortWith(withChallenge(Json.error(401, "Incorrect authentication"),
                    "Basic"));
            case INCORRECT_BEARER -> request.abortWith(withChallenge(Json.error(401, "Incorrect authentication"),
                    "Bearer"));
            default -> throw new IllegalStateException();
        }
    }

    private static Response withChallenge(Response r, String scheme) {
        return Response.fromResponse(r).header("WWW-Authenticate", scheme).build();
    }
}
