package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One host's answers as fetched together: {@code /all} (its stats), {@code /all/views} (their decorations) and
 * {@code /processes/extended}. Missing plugins read as empty, so a panel the host does not serve is simply left out.
 */
record HostStats(JsonNode all, JsonNode views, JsonNode extended) {

    HostStats {
        all = all == null ? MissingNode.getInstance() : all;
        views = views == null ? MissingNode.getInstance() : views;
        extended = extended == null ? MissingNode.getInstance() : extended;
    }

    JsonNode plugin(String name) {
        return all.path(name);
    }

    /** The elements of a list plugin ({@code []} for a dict, an absent plugin or Glances' {@code {}} stand-in). */
    List<JsonNode> list(String name) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode n = all.path(name);
        if (n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    /** The decoration of a dict plugin's field, e.g. {@code OK_LOG}; null when the hub sent no view. */
    String decoration(String plugin, String field) {
        JsonNode d = views.path(plugin).path(field).path("decoration");
        return d.isTextual() ? d.asText() : null;
    }

    /** The decoration of a field of one element of a list plugin, by its key value (e.g. a pid, an interface). */
    String decoration(String plugin, String key, String field) {
        JsonNode d = views.path(plugin).path(key).path(field).path("decoration");
        return d.isTextual() ? d.asText() : null;
    }

    /** The element's identifying value: {@code element[element.key]}, as Glances keys its list plugins. */
    static String keyOf(JsonNode element) {
        String keyField = element.path("key").asText("");
        JsonNode v = keyField.isEmpty() ? MissingNode.getInstance() : element.path(keyField);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    /** A per-second rate of a counter field: Glances' {@code *_rate_per_sec}, else the delta over the period. */
    static double rate(JsonNode o, String field) {
        JsonNode r = o.path(field + "_rate_per_sec");
        if (r.isNumber()) {
            return r.asDouble();
        }
        JsonNode v = o.path(field);
        double dt = o.path("time_since_update").asDouble(0);
        return v.isNumber() && dt > 0 ? v.asDouble() / dt : Double.NaN;
    }

    /** The sample period the host reports (its cpu's {@code time_since_update}), or NaN before rates exist. */
    double periodSeconds() {
        JsonNode dt = all.path("cpu").path("time_since_update");
        return dt.isNumber() ? dt.asDouble() : Double.NaN;
    }
}
