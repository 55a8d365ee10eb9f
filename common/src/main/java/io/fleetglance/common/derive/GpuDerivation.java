package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.Gpu;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code gpu} plugin: one element per GPU, {@code key, gpu_id, name, mem, proc, temperature, fan_speed}, null
 * where the card does not report a value. {@code mem} is a float percentage; {@code proc}, {@code temperature} and
 * {@code fan_speed} are ints when whole, as NVML reports them.
 */
public final class GpuDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public GpuDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, Gpu.getDescriptor());
    }

    @Override
    public String plugin() {
        return "gpu";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasGpu()) {
            return Optional.empty();
        }
        ArrayNode stats = JsonNodeFactory.instance.arrayNode();
        for (Gpu gpu : sample.getGpu().getGpusList()) {
            ObjectNode element = stats.addObject();
            element.put("key", "gpu_id");
            element.put("gpu_id", gpu.getGpuId());
            element.put("name", gpu.getName());
            element.set("mem", gpu.hasMem() ? JsonNumbers.real(gpu.getMem()) : NullNode.getInstance());
            element.set("proc", gpu.hasProc() ? wholeOrReal(gpu.getProc()) : NullNode.getInstance());
            element.set("temperature", gpu.hasTemperature() ? wholeOrReal(gpu.getTemperature())
                    : NullNode.getInstance());
            element.set("fan_speed", gpu.hasFanSpeed() ? wholeOrReal(gpu.getFanSpeed()) : NullNode.getInstance());
            copied.complete(element, gpu);
        }
        return Optional.of(stats);
    }

    private static JsonNode wholeOrReal(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? JsonNumbers.integer((long) value)
                : JsonNumbers.real(value);
    }
}
