package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.CoreReading;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code core} plugin: physical and logical CPU counts. A count of 0 on the wire means the agent could not tell;
 * it is served as null, as psutil returns None then.
 */
public final class CoreDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public CoreDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, CoreReading.getDescriptor());
    }

    @Override
    public String plugin() {
        return "core";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasCore()) {
            return Optional.empty();
        }
        CoreReading core = sample.getCore();
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        putCount(stats, "phys", core.getPhys());
        putCount(stats, "log", core.getLog());
        return Optional.of(copied.complete(stats, core));
    }

    private static void putCount(ObjectNode stats, String field, int count) {
        if (count > 0) {
            stats.put(field, count);
        } else {
            stats.putNull(field);
        }
    }
}
