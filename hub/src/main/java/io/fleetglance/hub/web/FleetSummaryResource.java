package io.fleetglance.hub.web;

import io.fleetglance.hub.api.ApiContext;
import io.fleetglance.hub.api.Json;
import io.fleetglance.hub.fleet.FleetTrends;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** {@code /fleet/summary.json}: the fleet page's data, every host in one answer (see {@link FleetSummary}). */
@Path("/")
public final class FleetSummaryResource {

    private final ApiContext context;
    private final FleetTrends trends;

    @Inject
    public FleetSummaryResource(ApiContext context, FleetTrends trends) {
        this.context = context;
        this.trends = trends;
    }

    /** @param host only this host (the host page's header asks so), else the whole fleet */
    @GET
    @Path("fleet/summary.json")
    public Response summary(@QueryParam("host") String host) {
        Response r = Json.ok(FleetSummary.build(context, trends, System.currentTimeMillis(), host));
        return Response.fromResponse(r).header("Cache-Control", "no-store").build();
    }
}
