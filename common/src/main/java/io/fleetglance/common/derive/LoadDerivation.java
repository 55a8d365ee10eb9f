package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.LoadReading;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/** The {@code load} plugin: the 1, 5 and 15 minute load averages as read, and the logical CPU count. */
public final class LoadDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public LoadDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, LoadReading.getDescriptor());
    }

    @Override
    public String plugin() {
        return "load";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasLoad()) {
            return Optional.empty();
        }
        LoadReading load = sample.getLoad();
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        stats.put("min1", load.getMin1());
        stats.put("min5", load.getMin5());
        stats.put("min15", load.getMin15());
        stats.put("cpucore", LogicalCores.of(sample));
        return Optional.of(copied.complete(stats, load));
    }
}
