package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.RaidArray;
import io.fleetglance.proto.Sample;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code raid} plugin: the {@code arrays} dict of pymdstat, keyed by array name, each
 * {@code {status, type, components, available, used, config}} as pymdstat writes it: {@code type} null for an array
 * without personality, {@code components} a dict of device to role number (strings), {@code available} and
 * {@code used} the member counts as strings and {@code config} the member map without brackets ({@code "U_"}).
 * An array without a status line (the agent sends no member map) has those three null. Components are listed by
 * device name: the wire does not keep {@code /proc/mdstat}'s order.
 */
public final class RaidDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public RaidDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, RaidArray.getDescriptor());
    }

    @Override
    public String plugin() {
        return "raid";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasRaid()) {
            return Optional.empty();
        }
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        for (RaidArray array : sample.getRaid().getArraysList()) {
            ObjectNode element = stats.putObject(array.getName());
            element.put("status", array.getStatus());
            element.put("type", array.getType().isEmpty() ? null : array.getType());
            ObjectNode components = element.putObject("components");
            for (Map.Entry<String, String> member : new TreeMap<>(array.getComponentsMap()).entrySet()) {
                components.put(member.getKey(), member.getValue());
            }
            String config = array.getConfig().replace("[", "").replace("]", "").strip();
            if (config.isEmpty()) {
                element.putNull("available");
                element.putNull("used");
                element.putNull("config");
            } else {
                element.put("available", Integer.toUnsignedString(array.getAvailable()));
                element.put("used", Integer.toUnsignedString(array.getUsed()));
                element.put("config", config);
            }
            copied.complete(element, array);
        }
        return Optional.of(stats);
    }
}
