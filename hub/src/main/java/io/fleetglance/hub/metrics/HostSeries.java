package io.fleetglance.hub.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.alerts.Limits;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * One host's gauges, built once per published state the way Glances' Prometheus export builds them: export.py's
 * {@code build_export} flattens each plugin (limits merged in, list items prefixed by their key, nested dicts
 * concatenated), and the exporter names each column {@code <prefix>_<plugin>_<field>} with the item key as a label.
 *
 * @param families metric name to its help and this host's data points, in the order Glances exports them
 */
public record HostSeries(Map<String, Family> families) {

    /** One metric family of one host. */
    public record Family(String name, String help, List<GaugeDataPointSnapshot> points) {
    }

    /** What every host's export shares: the name prefix, the static labels and the catalogue for help texts. */
    public record Naming(String prefix, Map<String, String> staticLabels, PluginCatalogue catalogue) {
    }

    /** export.py's {@code non_exportable_plugins}, plus processlist (see {@link #of}). */
    static final Set<String> NOT_EXPORTED = Set.of("alert", "help", "plugin", "psutilversion", "quicklook", "version",
            "processlist");

    private static final String REPLACED = " .-/:[]";

    /**
     * The gauges of one host's state. Processes are left out as Glances leaves them out unless started with
     * {@code --export-process-filter}, which the hub has no equivalent of.
     *
     * @param limits a plugin's limits ({@code /{plugin}/limits}), merged into its stats as Glances' export does
     */
    public static HostSeries of(String host, Map<String, JsonNode> stats, Function<String, Limits> limits,
            Naming naming) {
        Map<String, Builder> families = new LinkedHashMap<>();
        for (PluginSpec spec : naming.catalogue().plugins()) {
            JsonNode plugin = stats.get(spec.name());
            if (plugin == null || NOT_EXPORTED.contains(spec.name())) {
                continue;
            }
            if (spec.name().equals("uptime") && plugin.isTextual()) {
                // Glances' uptime plugin exports {'seconds': n}, not its display string.
                OptionalLong parsed = UptimeSeconds.parse(plugin.asText());
                if (parsed.isEmpty()) {
                    continue;
                }
                ObjectNode seconds = JsonNodeFactory.instance.objectNode();
                seconds.put("seconds", parsed.getAsLong());
                plugin = seconds;
            }
            Map<String, Object> pluginLimits = limits.apply(spec.name()).values();
            List<Column> columns = new ArrayList<>();
            if (plugin.isObject()) {
                flatten(withLimits(plugin, pluginLimits, spec.name()), "", columns, true, null);
            } else if (plugin.isArray()) {
                for (JsonNode item : plugin) {
                    if (item.isObject()) {
                        flatten(withLimits(item, pluginLimits, spec.name()), "", columns, true, spec.keyField());
                    }
                }
            } else {
                continue;
            }
            for (Column c : columns) {
                add(families, host, spec, c, naming);
            }
        }
        Map<String, Family> out = new LinkedHashMap<>();
        families.forEach((name, b) -> out.put(name, new Family(name, b.help, List.copyOf(b.points.values()))));
        return new HostSeries(out);
    }

    /** A flattened column: the item key it belongs to (null for none), its name inside the item, its value. */
    private record Column(String itemKey, String name, JsonNode value) {
    }

    private static final class Builder {
        final String help;
        // keyed by the item key: a later item with the same key replaces the earlier one, as Glances' gauge set does
        final Map<String, GaugeDataPointSnapshot> points = new LinkedHashMap<>();

        Builder(String help) {
            this.help = help;
        }
    }

    private static ObjectNode withLimits(JsonNode stats, Map<String, Object> limits, String plugin) {
        ObjectNode merged = ((ObjectNode) stats).deepCopy();
        limits.forEach((key, value) -> {
            if (value instanceof Number n) {
                merged.put(key, n.doubleValue());
            } else {
                merged.put(key, value.toString()); // lists: a string, skipped as Glances skips it
            }
        });
        merged.remove(plugin + "_disable");
        return merged;
    }

    /**
     * export.py's {@code build_export} for a dict: a dict with a {@code key} prefixes its columns by the key's value;
     * a nested dict's columns are its name followed directly by theirs ({@code cpu} + {@code total}); lists and
     * strings are not numbers and are dropped. Booleans are kept (as 1 and 0), where Glances drops them. An item of a
     * list plugin that names no {@code key} (Glances 4.5.6's programlist) is keyed by its plugin's key field
     * ({@code listKey}) all the same, where Glances' exporter would let its items overwrite one another.
     */
    private static void flatten(JsonNode dict, String namePrefix, List<Column> out, boolean top, String listKey) {
        String itemKey = null;
        JsonNode keyName = dict.get("key");
        String keyField = keyName != null && keyName.isTextual() ? keyName.asText() : listKey;
        if (keyField != null && dict.has(keyField)) {
            itemKey = pythonStr(dict.get(keyField));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = dict.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = namePrefix + f.getKey().toLowerCase(Locale.ROOT);
            JsonNode value = f.getValue();
            if (value.isObject()) {
                List<Column> inner = new ArrayList<>();
                flatten(value, "", inner, false, null);
                for (Column c : inner) {
                    // a nested dict's own key prefix stays in the name (Glances would drop the label there)
                    String innerName = c.itemKey() == null ? c.name() : c.itemKey() + "." + c.name();
                    out.add(new Column(top ? itemKey : null, name + innerName, c.value()));
                }
            } else if (value.isNumber() || value.isBoolean()) {
                out.add(new Column(top ? itemKey : null, name, value));
            }
        }
        if (!top && itemKey != null) {
            List<Column> keyed = new ArrayList<>(out.size());
            for (Column c : out) {
                keyed.add(new Column(itemKey, c.name(), c.value()));
            }
            out.clear();
            out.addAll(keyed);
        }
    }

    private static void add(Map<String, Builder> families, String host, PluginSpec spec, Column c, Naming naming) {
        String name = metricName(naming.prefix(), spec.name(), c.name());
        if (!PrometheusNaming.isValidMetricName(name)) {
            return;
        }
        Builder b = families.computeIfAbsent(name, n -> new Builder(help(spec, c.name())));
        Map<String, String> labels = new LinkedHashMap<>(naming.staticLabels());
        if (c.itemKey() != null) {
            labels.put(keyLabel(spec), c.itemKey());
        }
        labels.put("host", host);
        double value = c.value().isBoolean() ? (c.value().booleanValue() ? 1 : 0) : c.value().doubleValue();
        String[] names = labels.keySet().toArray(new String[0]);
        String[] values = labels.values().toArray(new String[0]);
        b.points.put(c.itemKey() == null ? "" : c.itemKey(),
                new GaugeDataPointSnapshot(value, Labels.of(names, values), null));
    }

    /** The exporter's name: prefix, plugin and column joined by '_', then each of {@code ' .-/:[]'} made '_'. */
    static String metricName(String prefix, String plugin, String column) {
        StringBuilder name = new StringBuilder(prefix.length() + plugin.length() + column.length() + 2)
                .append(prefix).append('_').append(plugin).append('_').append(column);
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (REPLACED.indexOf(ch) >= 0 || !(ch == '_' || ch < 128 && Character.isLetterOrDigit(ch))) {
                // Glances replaces only ' .-/:[]' and then fails on any other character; we replace those too
                name.setCharAt(i, '_');
            }
        }
        return name.toString();
    }

    private static String keyLabel(PluginSpec spec) {
        return spec.keyField() == null ? "key" : PrometheusNaming.sanitizeLabelName(spec.keyField());
    }

    /** The field's catalogue description; Glances' derived columns say what they add to it. */
    private static String help(PluginSpec spec, String column) {
        for (String suffix : new String[] {"", "_gauge", "_rate_per_sec"}) {
            if (!column.endsWith(suffix)) {
                continue;
            }
            String base = column.substring(0, column.length() - suffix.length());
            FieldSpec field = spec.field(base).orElse(null);
            if (field != null && field.description() != null) {
                String unit = field.unit() == null ? "" : " (" + field.unit() + ")";
                return switch (suffix) {
                    case "_gauge" -> field.description() + unit + ", cumulative since the agent started";
                    case "_rate_per_sec" -> field.description() + unit + ", per second";
                    default -> field.description() + unit;
                };
            }
        }
        if (spec.name().equals("uptime") && column.equals("seconds")) {
            return "Time since the host booted (seconds)";
        }
        if (column.endsWith("_careful") || column.endsWith("_warning") || column.endsWith("_critical")
                || column.equals("history_size")) {
            return "Glances limit " + column + " of the " + spec.name() + " plugin (glances.conf)";
        }
        return null;
    }

    /** Python's {@code str()} of a JSON scalar, as Glances prints an item key. */
    private static String pythonStr(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "True" : "False";
        }
        if (v.isNull()) {
            return "None";
        }
        return v.asText();
    }
}
