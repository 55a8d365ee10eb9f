package io.fleetglance.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The decoration of one field of a host's stats ({@code OK}, {@code WARNING_LOG}...), as its Glances view says, for
 * the fleet's lists. {@link #VIEWS} reads the host's own views; {@link #NONE} knows none (a list then shows no
 * decoration rather than a guess).
 */
@FunctionalInterface
public interface HostDecorations {

    /** Knows no decoration. */
    HostDecorations NONE = (host, plugin, field, key) -> Optional.empty();

    /** The decoration in the host's current views: {@code views[field]} or, for a list plugin, {@code views[key][field]}. */
    HostDecorations VIEWS = (host, plugin, field, key) -> host.alerts().readViews(plugin, views -> {
        JsonNode view = key == null ? views.get(field) : views.path(key).get(field);
        return view == null || !view.path("decoration").isTextual() ? Optional.<String>empty()
                : Optional.of(view.get("decoration").asText());
    });

    /**
     * @param key the element's key for a list plugin ({@code fs:percent:/}), null for a dict plugin
     */
    Optional<String> of(Host host, String plugin, String field, String key);
}
