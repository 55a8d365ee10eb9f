package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Sensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code sensors} plugin: temperatures, fans, disk temperatures and batteries, in that order of types (the order
 * in which Glances merges its sensor sources), each type sorted naturally by label ({@code Core 2} before
 * {@code Core 10}). Every element has {@code label, unit, value, warning, critical, type, key}; {@code value} and the
 * thresholds are truncated to ints as Glances does, the thresholds null when the system has none.
 *
 * <p>A label already used by a sensor of the same type gets {@code " 1"}, {@code " 2"}... appended, as Glances
 * renames duplicate labels (Glances counts per chip, which the wire does not carry, so the count runs per type).
 * {@code [sensors]}: {@code hide} (shipped: {@code unknown.*}) and {@code show} are matched against the label in
 * lower case; an {@code alias} is looked up by label, then by {@code <label>_<type>}. Sensors of an unknown kind are
 * left out. Batteries carry no {@code status} field: the wire has no charging state.
 */
public final class SensorsDerivation implements PluginDerivation {

    static final String SECTION = "sensors";

    private static final List<Sensor.Kind> KIND_ORDER = List.of(Sensor.Kind.TEMPERATURE_CORE, Sensor.Kind.FAN_SPEED,
            Sensor.Kind.TEMPERATURE_HDD, Sensor.Kind.BATTERY);
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private DisplayRules rules;
    private final CopiedFields copied;

    public SensorsDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, Sensor.getDescriptor());
        configure(GlancesConfig.empty());
    }

    @Override
    public String plugin() {
        return SECTION;
    }

    @Override
    public void configure(GlancesConfig config) {
        rules = DisplayRules.of(config, SECTION, "unknown.*");
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasSensors()) {
            return Optional.empty();
        }
        ArrayNode stats = JsonNodeFactory.instance.arrayNode();
        for (Sensor.Kind kind : KIND_ORDER) {
            List<ObjectNode> ofKind = new ArrayList<>();
            Set<String> labels = new HashSet<>();
            Set<JsonNode> distinct = new HashSet<>();
            int duplicateIndex = 1;
            for (Sensor sensor : sample.getSensors().getSensorsList()) {
                if (sensor.getKind() != kind) {
                    continue;
                }
                String label = sensor.getLabel();
                if (!labels.add(label)) {
                    label = label + " " + duplicateIndex++;
                    labels.add(label);
                }
                if (!rules.shows(label.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                ObjectNode element = copied.complete(element(sensor, kind, alias(label, kind)), sensor);
                if (distinct.add(element)) {
                    ofKind.add(element);
                }
            }
            ofKind.sort(Comparator.comparing(e -> e.get("label").asText(), SensorsDerivation::compareNaturally));
            stats.addAll(ofKind);
        }
        return Optional.of(stats);
    }

    private ObjectNode element(Sensor sensor, Sensor.Kind kind, String label) {
        ObjectNode element = JsonNodeFactory.instance.objectNode();
        element.put("label", label);
        element.put("unit", sensor.getUnit().isEmpty() ? defaultUnit(kind) : sensor.getUnit());
        element.set("value", JsonNumbers.integer(truncate(sensor.getValue())));
        element.set("warning", sensor.hasWarning() ? JsonNumbers.integer(truncate(sensor.getWarning())) : null);
        element.set("critical", sensor.hasCritical() ? JsonNumbers.integer(truncate(sensor.getCritical())) : null);
        element.put("type", typeName(kind));
        element.put("key", "label");
        return element;
    }

    private String alias(String label, Sensor.Kind kind) {
        return rules.alias(label).or(() -> rules.alias(label + "_" + typeName(kind))).orElse(label);
    }

    /** Python's {@code int()} of a float: towards zero; a reading that is not a number counts as 0. */
    private static long truncate(double value) {
        return Double.isNaN(value) ? 0 : (long) value;
    }

    static String typeName(Sensor.Kind kind) {
        return switch (kind) {
            case TEMPERATURE_CORE -> "temperature_core";
            case FAN_SPEED -> "fan_speed";
            case TEMPERATURE_HDD -> "temperature_hdd";
            case BATTERY -> "battery";
            default -> throw new IllegalArgumentException("no Glances sensor type for " + kind);
        };
    }

    private static String defaultUnit(Sensor.Kind kind) {
        return switch (kind) {
            case FAN_SPEED -> "R";
            case BATTERY -> "%";
            default -> "C";
        };
    }

    /**
     * Glances' {@code natural_keys} order: runs of digits compare as numbers, the text between them as strings
     * (case-sensitive), so {@code "Core 2" < "Core 10"}.
     */
    static int compareNaturally(String a, String b) {
        List<Object> left = naturalKeys(a);
        List<Object> right = naturalKeys(b);
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            Object x = left.get(i);
            Object y = right.get(i);
            int c = x instanceof Long lx && y instanceof Long ly ? Long.compare(lx, ly)
                    : x.toString().compareTo(y.toString());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    private static List<Object> naturalKeys(String text) {
        List<Object> keys = new ArrayList<>();
        Matcher digits = DIGITS.matcher(text);
        int start = 0;
        while (digits.find()) {
            keys.add(text.substring(start, digits.start()));
            String number = digits.group();
            keys.add(number.length() > 18 ? (Object) number : (Object) Long.parseLong(number));
            start = digits.end();
        }
        keys.add(text.substring(start));
        return keys;
    }
}
