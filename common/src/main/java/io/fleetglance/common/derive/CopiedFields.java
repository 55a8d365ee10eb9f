package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The declared fields of one plugin that its reading (a proto message: the plugin's reading, or one element of it)
 * carries under the same name, as plain values. A derivation writes the fields it computes, and those whose place
 * in Glances' key order it keeps; {@link #complete} then copies every other such field from the reading. So a field
 * added to a plugin's proto message, its collector and its declaration reaches the API with no line of derivation.
 *
 * <p>A reading's scalar fields are copied (integers as Glances' ints, floating point as floats, strings, booleans),
 * and so are its repeated scalar fields, as lists; an unset field with presence ({@code optional}) becomes null, as
 * Glances' {@code None}. Messages, maps, enums and bytes are never copied: they always need a derivation.
 */
public final class CopiedFields {

    private final String[] names;
    private final FieldDescriptor[] readings;

    private CopiedFields(List<String> names, List<FieldDescriptor> readings) {
        this.names = names.toArray(String[]::new);
        this.readings = readings.toArray(FieldDescriptor[]::new);
    }

    /**
     * The declared fields of {@code plugin} that {@code reading} carries, in declaration order, but for
     * {@code derivedOnly}: fields whose same-named reading is not the stats value (the derivation computes them, or
     * leaves them out on purpose), which are never copied.
     */
    public static CopiedFields of(PluginSpec plugin, Descriptor reading, String... derivedOnly) {
        Set<String> derived = Set.of(derivedOnly);
        List<String> names = new ArrayList<>();
        List<FieldDescriptor> readings = new ArrayList<>();
        for (String name : derived) {
            if (plugin.fields().stream().noneMatch(field -> field.name().equals(name))) {
                throw new IllegalArgumentException("plugin " + plugin.name() + " declares no field " + name);
            }
        }
        for (FieldSpec field : plugin.fields()) {
            FieldDescriptor same = reading.findFieldByName(field.name());
            if (same != null && copyable(same) && !derived.contains(field.name())) {
                names.add(field.name());
                readings.add(same);
            }
        }
        return new CopiedFields(names, readings);
    }

    /** The names of the fields copied, in declaration order. */
    public List<String> names() {
        return List.of(names);
    }

    /** Copies into {@code stats} each copied field it does not have yet, and returns it. */
    public ObjectNode complete(ObjectNode stats, MessageOrBuilder reading) {
        for (int i = 0; i < names.length; i++) {
            if (!stats.has(names[i])) {
                stats.set(names[i], value(reading, readings[i]));
            }
        }
        return stats;
    }

    private static boolean copyable(FieldDescriptor field) {
        return switch (field.getJavaType()) {
            case MESSAGE, ENUM, BYTE_STRING -> false;
            default -> !field.isMapField();
        };
    }

    private static JsonNode value(MessageOrBuilder reading, FieldDescriptor field) {
        if (field.isRepeated()) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            int count = reading.getRepeatedFieldCount(field);
            for (int i = 0; i < count; i++) {
                list.add(scalar(field, reading.getRepeatedField(field, i)));
            }
            return list;
        }
        if (field.hasPresence() && !reading.hasField(field)) {
            return NullNode.getInstance();
        }
        return scalar(field, reading.getField(field));
    }

    private static JsonNode scalar(FieldDescriptor field, Object value) {
        return switch (field.getType()) {
            case UINT32, FIXED32 -> JsonNumbers.integer(Integer.toUnsignedLong((Integer) value));
            case UINT64, FIXED64 -> (Long) value >= 0 ? JsonNumbers.integer((Long) value)
                    : BigIntegerNode.valueOf(new BigInteger(Long.toUnsignedString((Long) value)));
            case INT32, SINT32, SFIXED32, INT64, SINT64, SFIXED64 -> JsonNumbers.integer(((Number) value).longValue());
            case DOUBLE, FLOAT -> DoubleNode.valueOf(((Number) value).doubleValue());
            case BOOL -> BooleanNode.valueOf((Boolean) value);
            case STRING -> TextNode.valueOf((String) value);
            default -> throw new IllegalStateException("not a copyable field: " + field.getFullName());
        };
    }
}
