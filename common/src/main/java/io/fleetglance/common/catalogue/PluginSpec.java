package io.fleetglance.common.catalogue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the API needs to know about one Glances plugin: its stats shape, the field that identifies a list
 * element, its field descriptions, the series it keeps in history and whether it runs without configuration.
 *
 * @param name             the plugin name used in URLs ({@code /api/4/{name}})
 * @param shape            the JSON type of the raw stats
 * @param keyField         for a list plugin, the field whose value identifies an element (Glances' {@code get_key()});
 *                         null for dict and string plugins, and for lists without a key (alert)
 * @param fields           the declared fields, in Glances' declaration order
 * @param historyItems     the names in Glances' {@code items_history_list}, in order; empty when the plugin keeps none
 * @param enabledByDefault false for the plugins the shipped {@code glances.conf} disables
 * @param parts            what other layers attach to the plugin, by the type that uses it (its derivation, its view
 *                         rules): the catalogue knows none of those types, the plugin's declaration names them all
 */
public record PluginSpec(String name, Shape shape, String keyField, List<FieldSpec> fields, List<String> historyItems,
                         boolean enabledByDefault, Map<Class<?>, Object> parts) {

    /** A plugin with nothing attached yet. */
    public PluginSpec(String name, Shape shape, String keyField, List<FieldSpec> fields, List<String> historyItems,
                      boolean enabledByDefault) {
        this(name, shape, keyField, fields, historyItems, enabledByDefault, Map.of());
    }

    public PluginSpec {
        Objects.requireNonNull(name, "plugin name");
        Objects.requireNonNull(shape, () -> "shape of plugin " + name);
        fields = List.copyOf(fields);
        historyItems = List.copyOf(historyItems);
        parts = Map.copyOf(parts);
        if (keyField != null && shape != Shape.LIST) {
            throw new IllegalArgumentException(
                    "plugin " + name + " is a " + shape + " plugin; only list plugins have a key field, got " + keyField);
        }
        Set<String> seen = new HashSet<>();
        for (FieldSpec field : fields) {
            if (!seen.add(field.name())) {
                throw new IllegalArgumentException("plugin " + name + " declares field " + field.name() + " twice");
            }
        }
    }

    /** This plugin with {@code part} attached as its {@code type} (replacing any part of that type). */
    public <T> PluginSpec with(Class<T> type, T part) {
        Map<Class<?>, Object> more = new LinkedHashMap<>(parts);
        more.put(type, Objects.requireNonNull(part, () -> type.getSimpleName() + " of plugin " + name));
        return new PluginSpec(name, shape, keyField, fields, historyItems, enabledByDefault, more);
    }

    /** The part of that type attached to this plugin, if any. */
    public <T> Optional<T> part(Class<T> type) {
        return Optional.ofNullable(type.cast(parts.get(type)));
    }

    /** The declaration of one field, if the plugin declares it. */
    public Optional<FieldSpec> field(String fieldName) {
        return Optional.ofNullable(fieldOrNull(fieldName));
    }

    /** The declaration of one field, or null: for lookups made for every field of every sample. */
    public FieldSpec fieldOrNull(String fieldName) {
        for (FieldSpec f : fields) {
            if (f.name().equals(fieldName)) {
                return f;
            }
        }
        return null;
    }

    /** The names of the rate fields, in declaration order. */
    public List<String> rateFields() {
        return fields.stream().filter(FieldSpec::rate).map(FieldSpec::name).toList();
    }
}
