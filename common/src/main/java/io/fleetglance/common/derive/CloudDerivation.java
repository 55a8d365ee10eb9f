package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.CloudReading;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code cloud} plugin: {@code {}} until (or unless) the metadata service named the instance, then the keys it
 * answered among {@code id, name, type, region}, and {@code platform}.
 */
public final class CloudDerivation implements PluginDerivation {

    private final CopiedFields copied;

    private final boolean disabled;

    public CloudDerivation(PluginSpec spec, GlancesConfig config) {
        copied = CopiedFields.of(spec, CloudReading.getDescriptor());
        this.disabled = PluginSwitch.isDisabled(config, "cloud");
    }

    @Override
    public String plugin() {
        return "cloud";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (disabled || !sample.hasCloud()) {
            return Optional.empty();
        }
        CloudReading cloud = sample.getCloud();
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        if (!cloud.getPlatform().isEmpty()) {
            putIfSet(stats, "id", cloud.getId());
            putIfSet(stats, "name", cloud.getName());
            putIfSet(stats, "type", cloud.getType());
            putIfSet(stats, "region", cloud.getRegion());
            stats.put("platform", cloud.getPlatform());
            copied.complete(stats, cloud);
        }
        return Optional.of(stats);
    }

    private static void putIfSet(ObjectNode stats, String field, String value) {
        if (!value.isEmpty()) {
            stats.put(field, value);
        }
    }
}
