package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.catalogue.Shape;
import io.fleetglance.common.config.GlancesConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a host serves before its first sample arrives: every plugin its configuration enables, each at the value a
 * Glances plugin holds before its first update ({@code []} for a list plugin, {@code {}} otherwise). A client that
 * starts with the hub (or asks for a host that has just connected) then sees the same plugins, in the same shapes,
 * as it will a moment later, never a 400 naming no plugin.
 */
final class FirstUpdate {

    private FirstUpdate() {
    }

    /** The enabled plugins of {@code catalogue} under {@code config}, in catalogue order, at their initial values. */
    static Map<String, JsonNode> stats(PluginCatalogue catalogue, GlancesConfig config) {
        Map<String, JsonNode> stats = new LinkedHashMap<>();
        for (PluginSpec spec : catalogue.plugins()) {
            if (!config.getBoolean(spec.name(), "disable", false)) {
                stats.put(spec.name(), spec.shape() == Shape.LIST ? Json.array() : Json.object());
            }
        }
        return Collections.unmodifiableMap(stats);
    }
}
