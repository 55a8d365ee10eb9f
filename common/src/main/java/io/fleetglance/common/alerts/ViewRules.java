package io.fleetglance.common.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.catalogue.Shape;

/**
 * A plugin's own decorations, Glances' per-plugin {@code update_views}: which fields are evaluated against which
 * limits, in Glances' order (the order matters to the events list and the global message). A plugin's declaration
 * attaches its rules to its {@link PluginSpec}.
 */
@FunctionalInterface
public interface ViewRules {

    /** Sets the decorations of {@code views} (built from the plugin's stats), evaluating through {@code alerts}. */
    void apply(PluginViews views, PluginAlerts alerts);

    /**
     * Glances' {@code _build_field_decoration} for a dict plugin without rules of its own: a field declared logged
     * gets the logging alert, one declared alerted the plain alert, except rate fields before the first interval.
     */
    ViewRules GENERIC = (views, alerts) -> {
        if (views.spec().shape() != Shape.DICT || !views.stats().isObject()) {
            return;
        }
        JsonNode stats = views.stats();
        boolean noInterval = stats.path("time_since_update").asDouble(0) == 0;
        for (FieldSpec field : views.spec().fields()) {
            JsonNode value = stats.get(field.name());
            if (value == null || (field.rate() && noInterval)) {
                continue;
            }
            if (field.log()) {
                views.decorate(field.name(), alerts.alertLog(value, 100, field.name()));
            } else if (field.alert()) {
                views.decorate(field.name(), alerts.alert(value, field.name()));
            }
        }
    };

    /** The rules a plugin's declaration attaches, or {@link #GENERIC}. */
    static ViewRules of(PluginSpec plugin) {
        return plugin.part(ViewRules.class).orElse(GENERIC);
    }
}
