package io.fleetglance.hub.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code /openapi.json} and {@code /docs}: the API described, and Swagger UI served from its webjar (no CDN). */
@Path("/")
public final class DocsResource {

    private final ApiContext context;
    private final Router router;

    @Inject
    public DocsResource(ApiContext context, Router router) {
        this.context = context;
        this.router = router;
    }

    @GET
    @Path("openapi.json")
    public Response openApi() {
        return Json.ok(OpenApi.describe(router.routes(), context.hubVersion()));
    }

    @GET
    @Path("docs")
    public Response docs() {
        return ClasspathFiles.serve("web/docs.html");
    }
}
