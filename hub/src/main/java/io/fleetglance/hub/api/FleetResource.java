package io.fleetglance.hub.api;

import io.fleetglance.hub.fleet.HostRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.regex.Pattern;

/** The root of the URL space: {@code /api/4} for the hub's own machine, {@code /hosts/{name}/api/4} for any host. */
@Path("/")
public final class FleetResource {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final HostRegistry registry;
    private final String hubVersion;

    @Inject
    public FleetResource(HostRegistry registry, @Named("hubVersion") String hubVersion) {
        this.registry = registry;
        this.hubVersion = hubVersion;
    }

    @Path("api/4")
    public HostApi local() {
        return new HostApi(registry.local().orElse(null), registry.catalogue(), hubVersion);
    }

    @Path("hosts/{name}/api/4")
    public HostApi host(@PathParam("name") String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ApiException(404, "Unknown host " + name);
        }
        return registry.find(name)
                .map(h -> new HostApi(h, registry.catalogue(), hubVersion))
                .orElseThrow(() -> new ApiException(404, "Unknown host " + name));
    }
}
