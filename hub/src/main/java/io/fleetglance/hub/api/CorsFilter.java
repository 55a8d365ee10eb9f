package io.fleetglance.hub.api;

import io.fleetglance.common.config.GlancesConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;

/** Glances' CORSMiddleware, configured from {@code [outputs] cors_origins/cors_credentials/cors_methods/cors_headers}. */
@PreMatching
public final class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String ALL_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

    private final List<String> origins;
    private final boolean anyOrigin;
    private final boolean credentials;
    private final String methods;
    private final List<String> headers;

    public CorsFilter(GlancesConfig config) {
        this.origins = split(config.get("outputs", "cors_origins").orElse("*"));
        this.anyOrigin = origins.contains("*");
        // Starlette forbids credentials with a wildcard origin; Glances forces them off then.
        this.credentials = !anyOrigin && config.getBoolean("outputs", "cors_credentials", false);
        List<String> m = split(config.get("outputs", "cors_methods").orElse("*"));
        this.methods = m.contains("*") ? ALL_METHODS : String.join(", ", m);
        this.headers = split(config.get("outputs", "cors_headers").orElse("*"));
    }

    private static List<String> split(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private boolean allowed(String origin) {
        return anyOrigin || origins.contains(origin);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        String wanted = request.getHeaderString("Access-Control-Request-Method");
        if (!"OPTIONS".equals(request.getMethod()) || origin == null || wanted == null) {
            return;
        }
        if (!allowed(origin)) {
            request.abortWith(Response.status(400).entity("Disallowed CORS origin").type(MediaType.TEXT_PLAIN_TYPE)
                    .build());
            return;
        }
        Response.ResponseBuilder r = Response.ok("OK", MediaType.TEXT_PLAIN_TYPE)
                .header("Access-Control-Allow-Origin", anyOrigin && !credentials ? "*" : origin)
                .header("Access-Control-Allow-Methods", methods)
                .header("Access-Control-Max-Age", "600");
        String requested = request.getHeaderString("Access-Control-Request-Headers");
        if (headers.contains("*")) {
            if (requested != null) {
                r.header("Access-Control-Allow-Headers", requested);
            }
        } else {
            r.header("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        if (credentials) {
            r.header("Access-Control-Allow-Credentials", "true");
        }
        if (!anyOrigin) {
            r.header("Vary", "Origin");
        }
        request.abortWith(r.build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        if (origin == null || !allowed(origin) || response.getHeaders().containsKey("Access-Control-Allow-Origin")) {
            return;
        }
        response.getHeaders().putSingle("Access-Control-Allow-Origin", anyOrigin && !credentials ? "*" : origin);
        if (credentials) {
            response.getHeaders().putSingle("Access-Control-Allow-Credentials", "true");
        }
        if (!anyOrigin) {
            response.getHeaders().add("Vary", "Origin");
        }
    }

}
