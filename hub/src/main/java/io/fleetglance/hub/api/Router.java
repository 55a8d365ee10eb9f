package io.fleetglance.hub.api;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Dispatches a request under {@code /api/4} the way Glances' server (Starlette) does: routes are tried in their
 * registration order and the first whose path and method match answers; a path that matched only with another method
 * answers 405; a path with a trailing slash is redirected (307) to its canonical form; anything else is 404.
 */
public final class Router {

    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * @param path the decoded path after {@code /api/4/}, e.g. {@code cpu/total/history/3}
     * @param base the URL path up to and including {@code /api/4}, for redirects
     */
    public Response dispatch(HostApi api, String method, String path, ApiRequest.Source source, String base) {
        List<String> segments = Arrays.asList(path.split("/", -1));
        boolean pathMatched = false;
        for (Route route : routes) {
            Map<String, String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            if (!route.method().equals(method)) {
                pathMatched = true;
                continue;
            }
            return route.handler().handle(api, source.request(method, params));
        }
        if (pathMatched) {
            return Json.error(405, "Method Not Allowed");
        }
        if (path.endsWith("/") && path.length() > 1) {
            String canonical = path.substring(0, path.length() - 1);
            List<String> stripped = Arrays.asList(canonical.split("/", -1));
            for (Route route : routes) {
                if (route.match(stripped) != null) {
                    return Response.status(307).location(URI.create(base + "/" + canonical)).build();
                }
            }
        }
        return Json.error(404, "Not Found");
    }
}
