package io.fleetglance.hub.web;

import io.fleetglance.hub.api.ClasspathFiles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Files from the hub's own jar: its pages' assets ({@code /static/...}) and web libraries ({@code /webjars/...}). */
@Path("/")
public final class StaticResource {

    @GET
    @Path("static/{path: .+}")
    public Response asset(@PathParam("path") String path) {
        return ClasspathFiles.serve("web/" + path);
    }

    /** Browsers ask for it whatever the page says: the pages' icon (an SVG, which they all take at this path). */
    @GET
    @Path("favicon.ico")
    public Response favicon() {
        return ClasspathFiles.serve("web/favicon.svg");
    }

    @GET
    @Path("webjars/{path: .+}")
    public Response webjar(@PathParam("path") String path) {
        return ClasspathFiles.serve("META-INF/resources/webjars/" + path);
    }
}
