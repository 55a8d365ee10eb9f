package io.fleetglance.hub.api;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.fleet.HostRegistry;

/** What every host's API shares: the fleet and the hub's own facts. */
public record ApiContext(HostRegistry registry, String hubVersion, GlancesConfig config,
        java.util.function.IntSupplier restPortSource, io.fleetglance.hub.auth.Authentication auth, String bind) {

    /** The port the REST API listens on (known once the server started). */
    public int restPort() {
        return restPortSource.getAsInt();
    }
}
