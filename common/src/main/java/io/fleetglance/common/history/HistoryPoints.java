package io.fleetglance.common.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.catalogue.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which history points one update of a plugin adds, as Glances' {@code update_stats_history} names them: a dict plugin
 * adds {@code name → stats[name]}, a list plugin {@code "<element[key]>_<name>" → element[name]} for each element.
 */
public final class HistoryPoints {

    private HistoryPoints() {
    }

    /**
     * The points to append for this update, series name to value, in Glances' order (history item, then element).
     * Fields absent from the stats add nothing; so do string plugins, lists without a key field, and null stats.
     */
    public static Map<String, JsonNode> from(PluginSpec plugin, JsonNode stats) {
        Map<String, JsonNode> points = new LinkedHashMap<>();
        if (stats == null || plugin.historyItems().isEmpty()) {
            return points;
        }
        if (plugin.shape() == Shape.DICT && stats.isObject()) {
            for (String item : plugin.historyItems()) {
                JsonNode value = stats.get(item);
                if (value != null) {
                    points.put(item, value);
                }
            }
        } else if (plugin.shape() == Shape.LIST && stats.isArray() && plugin.keyField() != null) {
            for (String item : plugin.historyItems()) {
                for (JsonNode element : stats) {
                    JsonNode key = element.get(plugin.keyField());
                    JsonNode value = element.get(item);
                    if (key != null && !key.isNull() && value != null) {
                        points.put(key.asText() + "_" + item, value);
                    }
                }
            }
        }
        return points;
    }
}
