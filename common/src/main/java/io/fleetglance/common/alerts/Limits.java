package io.fleetglance.common.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.config.PythonNumbers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One plugin's limits, Glances' {@code _limits}: {@code history_size}, then every key of the plugin's configuration
 * section as {@code <plugin>_<key>}, a float when the value parses as one, else the value split on commas. These are
 * what {@code /{plugin}/limits} serves and what thresholds, log flags and hide lists are read from.
 */
public final class Limits {

    private static final double HISTORY_SIZE_WITHOUT_CONFIG = 28800;
    // Glances' system plugin forces its refresh to 60 s, whatever the configuration says
    private static final int SYSTEM_REFRESH = 60;
    // Glances' sensors plugin refreshes 5 times less often than the global refresh unless configured otherwise
    private static final int SENSORS_REFRESH_FACTOR = 5;

    private final String plugin;
    private final Map<String, Object> values;

    private Limits(String plugin, Map<String, Object> values) {
        this.plugin = plugin;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * The limits of {@code plugin} under an effective configuration (the file with Glances' defaults applied, see
     * {@link GlancesConfig#withGlancesDefaults(int)}).
     */
    public static Limits of(String plugin, GlancesConfig config) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("history_size", config.hasSection("global")
                ? config.getDouble("global", "history_size", HISTORY_SIZE_WITHOUT_CONFIG)
                : HISTORY_SIZE_WITHOUT_CONFIG);
        config.section(plugin).forEach((key, value) -> values.put(plugin + "_" + key,
                PythonNumbers.parseFloat(value).<Object>map(d -> d).orElseGet(() -> List.of(value.split(",", -1)))));
        if (plugin.equals("system")) {
            values.put("system_refresh", SYSTEM_REFRESH);
        }
        if (plugin.equals("sensors")) {
            double globalRefresh = config.getDouble("global", "refresh", 2);
            Object refresh = values.get("sensors_refresh");
            if (refresh == null || (refresh instanceof Double d && d == globalRefresh)) {
                values.put("sensors_refresh", globalRefresh * SENSORS_REFRESH_FACTOR);
            }
        }
        return new Limits(plugin, values);
    }

    public String plugin() {
        return plugin;
    }

    /** Every limit, key to a {@code Double}, an {@code Integer} or a {@code List<String>}, in Glances' order. */
    public Map<String, Object> values() {
        return values;
    }

    /** The limit stored under its full key ({@code cpu_total_careful}…). */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * Glances' {@code get_limit}: the {@code careful}, {@code warning} or {@code critical} limit of a stat, looked up
     * as {@code <stat>_<level>} then {@code <plugin>_<level>}. A limit that is not a number counts as absent.
     */
    public Optional<Double> threshold(String level, String statName) {
        String stat = statName.toLowerCase(Locale.ROOT);
        Object value = values.containsKey(stat + "_" + level) ? values.get(stat + "_" + level)
                : values.get(plugin + "_" + level);
        return value instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
    }

    /** Glances' {@code is_limit}: whether {@code <plugin>_<header>_<level>} itself is configured. */
    public boolean hasThreshold(String level, String header) {
        return values.containsKey((plugin + "_" + header).toLowerCase(Locale.ROOT) + "_" + level);
    }

    /**
     * Glances' {@code get_limit_log}: whether a stat's alerts go to the events list, from {@code <stat>_log}, then
     * {@code <plugin>_log}, else {@code fallback}. Only a first value of {@code true} (any case) logs.
     */
    public boolean logged(String statName, boolean fallback) {
        for (String key : List.of(statName.toLowerCase(Locale.ROOT) + "_log", plugin + "_log")) {
            if (values.containsKey(key)) {
                return values.get(key) instanceof List<?> list && !list.isEmpty()
                        && list.get(0).toString().toLowerCase(Locale.ROOT).equals("true");
            }
        }
        return fallback;
    }

    /** A list limit ({@code <plugin>_<name>}), such as {@code hide} or {@code list}; empty when absent or a number. */
    public Optional<List<String>> list(String name) {
        Object value = values.get(plugin + "_" + name);
        if (value instanceof List<?> list) {
            return Optional.of(list.stream().map(Object::toString).toList());
        }
        return Optional.empty();
    }

    /** The JSON of {@code /{plugin}/limits}: numbers as floats (ints where Glances stores ints), lists of strings. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        values.forEach((key, value) -> {
            if (value instanceof Double d) {
                node.put(key, d);
            } else if (value instanceof Integer i) {
                node.put(key, i);
            } else if (value instanceof List<?> list) {
                ArrayNode array = node.putArray(key);
                list.forEach(item -> array.add(item.toString()));
            }
        });
        return node;
    }
}
