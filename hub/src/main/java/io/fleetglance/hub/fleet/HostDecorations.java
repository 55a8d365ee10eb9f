package io.fleetglance.hub.fleet;

import java.util.Optional;

/**
 * The decoration of one field of a host's stats ({@code OK}, {@code WARNING_LOG}...), as its Glances view says, for
 * the fleet's lists. {@link #NONE} until the hub computes views: a list then shows no decoration rather than a guess.
 */
@FunctionalInterface
public interface HostDecorations {

    /** Knows no decoration. */
    HostDecorations NONE = (host, plugin, field, key) -> Optional.empty();

    /**
     * @param key the element's key for a list plugin ({@code fs:percent:/}), null for a dict plugin
     */
    Optional<String> of(Host host, String plugin, String field, String key);
}
