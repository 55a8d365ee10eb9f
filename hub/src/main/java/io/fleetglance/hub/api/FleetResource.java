package io.fleetglance.hub.api;

import io.fleetglance.common.names.HostNameSyntax;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The root of the URL space: {@code /api/4/...} for the hub's own machine and {@code /hosts/{name}/api/4/...} for
 * any host. Both hand the rest of the path to the same Glances router.
 */
@Path("/")
public final class FleetResource {


    private final ApiContext context;
    private final Router router;
    @Context
    private UriInfo uri;
    @Context
    private Request request;

    @Inject
    public FleetResource(ApiContext context, Router router) {
        this.context = context;
        this.router = router;
    }

    @GET
    @Path("api/4/{rest: .*}")
    public Response localGet(@PathParam("rest") String rest) {
        return local(rest, null);
    }

    @GET
    @Path("hosts/{name}/api/4/{rest: .*}")
    public Response hostGet(@PathParam("name") String name, @PathParam("rest") String rest) {
        return host(name, rest, null);
    }

    @POST
    @Path("api/4/{rest: .*}")
    public Response localPost(@PathParam("rest") String rest, byte[] body) {
        return local(rest, body);
    }

    @POST
    @Path("hosts/{name}/api/4/{rest: .*}")
    public Response hostPost(@PathParam("name") String name, @PathParam("rest") String rest, byte[] body) {
        return host(name, rest, body);
    }

    @PUT
    @Path("api/4/{rest: .*}")
    public Response localPut(@PathParam("rest") String rest, byte[] body) {
        return local(rest, body);
    }

    @PUT
    @Path("hosts/{name}/api/4/{rest: .*}")
    public Response hostPut(@PathParam("name") String name, @PathParam("rest") String rest, byte[] body) {
        return host(name, rest, body);
    }

    @DELETE
    @Path("api/4/{rest: .*}")
    public Response localDelete(@PathParam("rest") String rest) {
        return local(rest, null);
    }

    @DELETE
    @Path("hosts/{name}/api/4/{rest: .*}")
    public Response hostDelete(@PathParam("name") String name, @PathParam("rest") String rest) {
        return host(name, rest, null);
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
        io.fleetglance.hub.fleet.HostRegistry.Forget result;
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

    @PATCH
    @Path("api/4/{rest: .*}")
    public Response localPatch(@PathParam("rest") String rest, byte[] body) {
        return local(rest, body);
    }

    @PATCH
    @Path("hosts/{name}/api/4/{rest: .*}")
    public Response hostPatch(@PathParam("name") String name, @PathParam("rest") String rest, byte[] body) {
        return host(name, rest, body);
    }

    @HEAD
    @Path("api/4/{rest: .*}")
    public Response localHead(@PathParam("rest") String rest) {
        return local(rest, null);
    }

    @HEAD
    @Path("hosts/{name}/api/4/{rest: .*}")
    public Response hostHead(@PathParam("name") String name, @PathParam("rest") String rest) {
        return host(name, rest, null);
    }

    private Response local(String rest, byte[] body) {
        HostApi api = new HostApi(context.registry().local().orElse(null), context);
        return dispatch(api, rest, body, "api/4");
    }

    private Response host(String name, String rest, byte[] body) {
        if (!HostNameSyntax.isValid(name)) {
            throw new ApiException(404, "Unknown host " + name);
        }
        HostApi api = new HostApi(context.registry().find(name)
                .orElseThrow(() -> new ApiException(404, "Unknown host " + name)), context);
        return dispatch(api, rest, body, "hosts/" + name + "/api/4");
    }

    private Response dispatch(HostApi api, String rest, byte[] body, String basePath) {
        // Route on the decoded path, as Glances does: a %2F inside a segment becomes a separator.
        String decoded = uri.getPath(true);
        int at = decoded.indexOf(basePath + "/");
        String path = at >= 0 ? decoded.substring(at + basePath.length() + 1) : rest;
        return router.dispatch(api, request.getMethod(), path,
                (m, p) -> new ApiRequest(m, p, uri.getQueryParameters(), body == null ? new byte[0] : body),
                base(basePath));
    }

    private String base(String path) {
        String prefix = uri.getBaseUri().getRawPath();
        return (prefix.endsWith("/") ? prefix : prefix + "/") + path;
    }
}
