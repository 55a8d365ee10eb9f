package io.fleetglance.hub.api;

import io.fleetglance.common.names.HostNameSyntax;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.HostRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.glassfish.jersey.process.Inflector;
import org.glassfish.jersey.server.model.Resource;

/**
 * The root of the URL space: {@code /api/4/...} for the hub's own machine and {@code /hosts/{name}/api/4/...} for
 * any host. Jersey only tells the two prefixes apart (and finds the host); the rest of the path is matched once, by
 * the Glances {@link Router}, whatever the method. {@code DELETE /hosts/{name}} forgets a host. With a store shared
 * by several hubs, a request for a host another hub streams goes to that hub ({@link HubProxy}).
 */
@Path("/")
public final class FleetResource {

    /** The methods handed to the router; it answers 405 to those no route of a path takes. */
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH");

    private final ApiContext context;

    @Inject
    public FleetResource(ApiContext context) {
        this.context = context;
    }

    /** The two Glances prefixes, each handing every method to {@code router}. */
    static List<Resource> glancesApi(ApiContext context, Router router) {
        Resource.Builder local = Resource.builder("api/4/{rest: .*}");
        Resource.Builder host = Resource.builder("hosts/{name}/api/4/{rest: .*}");
        HubProxy proxy = context.registry().sharedUrl().map(HubProxy::new).orElse(null);
        for (String method : METHODS) {
            local.addMethod(method).handledBy(new Dispatch(context, router, false, null));
            host.addMethod(method).handledBy(new Dispatch(context, router, true, proxy));
        }
        return List.of(local.build(), host.build());
    }

    /** Answers one request under a Glances prefix (a class, not a lambda: Jersey reads its type arguments). */
    private record Dispatch(ApiContext context, Router router, boolean underHosts, HubProxy proxy)
            implements Inflector<ContainerRequestContext, Response> {

        @Override
        public Response apply(ContainerRequestContext request) {
            if (!underHosts) {
                return dispatch(router, new HostApi(context.registry().local().orElse(null), context), request,
                        "api/4", body(request));
            }
            String name = request.getUriInfo().getPathParameters().getFirst("name");
            if (!HostNameSyntax.isValid(name)) {
                throw new ApiException(404, "Unknown host " + name);
            }
            Host host = context.registry().find(name)
                    .orElseThrow(() -> new ApiException(404, "Unknown host " + name));
            byte[] body = body(request);
            if (proxy != null && host.servedBy() != null) {
                // another hub of the fleet streams it: its answer is the live one
                Optional<Response> answer = proxy.forward(host.servedBy(), request, body);
                if (answer.isPresent()) {
                    return answer.get();
                }
            }
            return dispatch(router, new HostApi(host, context), request, "hosts/" + name + "/api/4", body);
        }
    }

    /**
     * Forgets a host: it leaves the fleet and the store. Refused (409) while its agent is connected, since the agent
     * would bring it straight back.
     */
    @DELETE
    @Path("hosts/{name}")
    public Response forget(@PathParam("name") String name) {
        if (!HostNameSyntax.isValid(name)) {
            throw new ApiException(404, "Unknown host " + name);
        }
        HostRegistry.Forget result;
        try {
            result = context.registry().forget(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the hub is stopping");
        }
        return switch (result) {
            case UNKNOWN -> throw new ApiException(404, "Unknown host " + name);
            case LIVE -> throw new ApiException(409, "host " + name + " is live: stop its agent first, then forget it");
            case FORGOTTEN -> Json.ok(Json.object().put("forgotten", name));
        };
    }

    private static Response dispatch(Router router, HostApi api, ContainerRequestContext request, String basePath,
            byte[] body) {
        UriInfo uri = request.getUriInfo();
        // Route on the decoded path, as Glances does: a %2F inside a segment becomes a separator.
        String decoded = uri.getPath(true);
        int at = decoded.indexOf(basePath + "/");
        String path = at >= 0 ? decoded.substring(at + basePath.length() + 1)
                : uri.getPathParameters().getFirst("rest");
        String prefix = uri.getBaseUri().getRawPath();
        String base = (prefix.endsWith("/") ? prefix : prefix + "/") + basePath;
        return router.dispatch(api, request.getMethod(), path,
                (m, p) -> new ApiRequest(m, p, uri.getQueryParameters(), body), base);
    }

    private static byte[] body(ContainerRequestContext request) {
        if (!request.hasEntity()) {
            return new byte[0];
        }
        try {
            return request.getEntityStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
