package io.fleetglance.hub.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URI;

/**
 * Glances' {@code [outputs] url_prefix}: every route lives under the prefix (e.g. {@code /glances/api/4/...}), and
 * nothing answers outside it. The prefix becomes part of the base URI, so redirects and links keep it.
 */
@PreMatching
@Priority(100)
public final class UrlPrefixFilter implements ContainerRequestFilter {

    private final String prefix;

    /** @param prefix "/glances": a leading slash and no trailing one */
    public UrlPrefixFilter(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        URI base = request.getUriInfo().getBaseUri();
        URI full = request.getUriInfo().getRequestUri();
        String path = full.getRawPath();
        String basePath = base.getRawPath().endsWith("/") ? base.getRawPath() : base.getRawPath() + "/";
        String wanted = basePath + prefix.substring(1);
        if (!(path.equals(wanted) || path.startsWith(wanted + "/"))) {
            request.abortWith(Json.error(404, "Not Found"));
            return;
        }
        request.setRequestUri(base.resolve(wanted.substring(1) + "/"), full);
    }
}
