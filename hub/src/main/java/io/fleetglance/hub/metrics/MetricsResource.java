package io.fleetglance.hub.metrics;

import io.fleetglance.hub.api.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/** {@code /metrics} (the fleet) and {@code /hosts/{name}/metrics} (one host) for Prometheus. */
@Path("/")
public final class MetricsResource {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final FleetMetrics metrics;

    @Inject
    public MetricsResource(FleetMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    @Path("metrics")
    public Response fleet(@HeaderParam("Accept") String accept) {
        return answer(metrics.fleet(accept));
    }

    @GET
    @Path("hosts/{name}/metrics")
    public Response host(@PathParam("name") String name, @HeaderParam("Accept") String accept) {
        if (!NAME.matcher(name).matches()) {
            throw new ApiException(404, "Unknown host " + name);
        }
        return answer(metrics.host(name, accept).orElseThrow(() -> new ApiException(404, "Unknown host " + name)));
    }

    // a byte[] entity, so the hub's GzipFilter compresses it for clients that accept gzip
    private static Response answer(FleetMetrics.Exposition e) {
        return Response.ok(e.body()).header("Content-Type", e.contentType()).build();
    }
}
