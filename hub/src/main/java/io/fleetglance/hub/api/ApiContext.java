package io.fleetglance.hub.api;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.auth.Authentication;
import io.fleetglance.hub.fleet.HostDecorations;
import io.fleetglance.hub.fleet.HostRegistry;
import io.fleetglance.hub.servers.StaticServers;
import java.util.function.IntSupplier;

/**
 * What every host's API shares: the fleet (agents' hosts and the static Glances servers) and the hub's own facts.
 *
 * @param decorations the views' decorations shown beside the agents' columns in the fleet's lists
 */
public record ApiContext(HostRegistry registry, String hubVersion, GlancesConfig config,
        IntSupplier restPortSource, Authentication auth, String bind,
        StaticServers staticServers, HostDecorations decorations) {

    /** The port the REST API listens on (known once the server started). */
    public int restPort() {
        return restPortSource.getAsInt();
    }
}
