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
import java.util.concurrent.ConcurrentHashMap;

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

    // stat names of hosts' items (disks, containers, sensors) come and go: past this many, stats are not remembered
    private static final int MAX_REMEMBERED_STATS = 4096;

    private final String plugin;
    private final Map<String, Object> values;
    /** Header (the stat name without the plugin) to its {@link Stat}, as the per-sample evaluations ask. */
    private final Map<String, Stat> statsByHeader = new ConcurrentHashMap<>();

    /**
     * What the evaluation of one stat reads from the limits, resolved once: its name, its upper-cased name (the
     * event type), its three limits (0 when unset) and its log flag when configured.
     *
     * @param logged {@code TRUE}/{@code FALSE} when {@code <stat>_log} or {@code <plugin>_log} says, null when neither
     */
    record Stat(String name, String eventType, double critical, double warning, double careful, Boolean logged) {

        boolean logged(boolean fallback) {
            return logged != null ? logged : fallback;
        }
    }

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
     * The stat {@code <plugin>_<header>} (lower-cased; {@code <plugin>} for a null or empty header) resolved against
     * these limits. Remembered: a host's limits are asked about the same stats at every sample.
     */
    Stat statOfHeader(String header) {
        String key = header == null ? "" : header;
        Stat stat = statsByHeader.get(key);
        if (stat == null) {
            stat = stat(key.isEmpty() ? plugin : (plugin + "_" + key).toLowerCase(Locale.ROOT));
            if (statsByHeader.size() < MAX_REMEMBERED_STATS) {
                statsByHeader.put(key, stat);
            }
        }
        return stat;
    }

    /** A lower-cased stat name resolved against these limits. */
    Stat stat(String statName) {
        return new Stat(statName, statName.toUpperCase(Locale.ROOT), threshold("critical", statName).orElse(0.0),
                threshold("warning", statName).orElse(0.0), threshold("careful", statName).orElse(0.0),
                configuredLog(statName));
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
        Boolean configured = configuredLog(statName);
        return configured != null ? configured : fallback;
    }

    private Boolean configuredLog(String statName) {
        for (String key : List.of(statName.toLowerCase(Locale.ROOT) + "_log", plugin + "_log")) {
            if (values.containsKey(key)) {
                return values.get(key) instanceof List<?> list && !list.isEmpty()
                        && list.get(0).toString().toLowerCase(Locale.ROOT).equals("true");
            }
        }
        return null;
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
