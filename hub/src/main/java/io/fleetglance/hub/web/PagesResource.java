package io.fleetglance.hub.web;

import io.fleetglance.common.names.HostNameSyntax;
import io.fleetglance.hub.api.ApiContext;
import io.fleetglance.hub.api.ClasspathFiles;
import io.fleetglance.hub.api.Json;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/**
 * The fleet browser's pages: the fleet at {@code /} (and {@code /browser}, Glances' browser URL) and one host at
 * {@code /hosts/{name}/}. Plain HTML from the hub's jar; their scripts and styles are under {@code /static}.
 */
@Path("/")
public final class PagesResource {


    private final ApiContext context;
    @Context
    private UriInfo uri;

    @Inject
    public PagesResource(ApiContext context) {
        this.context = context;
    }

    @GET
    public Response fleet() {
        return page("web/fleet.html");
    }

    @GET
    @Path("browser")
    public Response browser() {
        return page("web/fleet.html");
    }

    /** The host page lives at {@code /hosts/{name}/}, so that its relative {@code api/4/...} calls are the host's. */
    @GET
    @Path("hosts/{name}")
    public Response host(@PathParam("name") String name) {
        if (!HostNameSyntax.isValid(name) || context.registry().find(name).isEmpty()) {
            return Json.error(404, "Unknown host " + name);
        }
        if (!uri.getPath(false).endsWith("/")) {
            return Response.temporaryRedirect(URI.create(uri.getBaseUri().getRawPath() + "hosts/" + name + "/"))
                    .build();
        }
        return page("web/host.html");
    }

    private static Response page(String resource) {
        return Response.fromResponse(ClasspathFiles.serve(resource)).header("Cache-Control", "no-cache").build();
    }
}
