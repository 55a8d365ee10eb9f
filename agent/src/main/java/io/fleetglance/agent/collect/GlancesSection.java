package io.fleetglance.agent.collect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One {@code glances.conf} section as a collector reads it: keys compared without case (as configparser does), values
 * stripped, numbers and booleans read leniently. A value that does not parse counts as absent, so a typo in a
 * fleet-wide file degrades one check instead of stopping a collector.
 */
public final class GlancesSection {

    private static final GlancesSection ABSENT = new GlancesSection(false, Map.of());

    private final boolean present;
    private final Map<String, String> values;

    private GlancesSection(boolean present, Map<String, String> values) {
        this.present = present;
        this.values = values;
    }

    /** The section {@code name} of {@code sections}; an absent section answers every key as absent. */
    public static GlancesSection of(Map<String, Map<String, String>> sections, String name) {
        Map<String, String> raw = sections == null ? null : sections.get(name);
        return raw == null ? ABSENT : new GlancesSection(true, normalised(raw));
    }

    /** The sections whose names start with {@code prefix} (such as {@code amp_}), in the map's order. */
    static Map<String, GlancesSection> withPrefix(Map<String, Map<String, String>> sections, String prefix) {
        Map<String, GlancesSection> found = new LinkedHashMap<>();
        if (sections != null) {
            sections.forEach((name, raw) -> {
                if (name.startsWith(prefix) && raw != null) {
                    found.put(name, new GlancesSection(true, normalised(raw)));
                }
            });
        }
        return found;
    }

    private static Map<String, String> normalised(Map<String, String> raw) {
        Map<String, String> values = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (key != null && value != null) {
                values.put(key.strip().toLowerCase(Locale.ROOT), value.strip());
            }
        });
        return Map.copyOf(values);
    }

    boolean present() {
        return present;
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key.toLowerCase(Locale.ROOT)));
    }

    /** A number such as {@code 3}, {@code 2.5}; empty when absent or not a number. */
    public OptionalDouble number(String key) {
        Optional<String> text = get(key);
        if (text.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double value = Double.parseDouble(text.get());
            return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    double number(String key, double fallback) {
        return number(key).orElse(fallback);
    }

    /** {@code true}, {@code yes}, {@code on} or {@code 1} (any case) is true; absent or anything else is false. */
    boolean isTrue(String key) {
        return get(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            default -> false;
        }).orElse(false);
    }

    /** {@code false}, {@code no}, {@code off} or {@code 0} (any case) is false; absent or anything else is not. */
    boolean isFalse(String key) {
        return get(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "false", "no", "off", "0" -> true;
            default -> false;
        }).orElse(false);
    }
}
