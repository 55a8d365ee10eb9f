package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.CpuInfoReading;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.Sample;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code quicklook} plugin, derived when the sample carries the cpu info reading: {@code cpu_name,
 * cpu_hz_current, cpu_hz, cpu, percpu, mem, swap, cpu_log_core, cpu_phys_core, load, gpu_mem, gpu_proc}.
 *
 * <ul>
 *   <li>{@code cpu} is cpu's {@code total} and {@code percpu} the percpu plugin's list, of the same sample.</li>
 *   <li>{@code mem} is {@code round((total − available) / total × 100, 1)}, not clamped (mem's percent is);
 *       {@code swap} is memswap's percent.</li>
 *   <li>{@code load} is {@code round(min15 / logical cores × 100, 1)}.</li>
 *   <li>{@code gpu_mem} and {@code gpu_proc} are the means over the GPUs that report them, the int 0 without
 *       any.</li>
 *   <li>Frequencies are in Hz; an unknown current frequency (0) and an unknown maximum are null. A figure whose
 *       reading is absent from the sample is null ({@code percpu} an empty list).</li>
 * </ul>
 */
public final class QuicklookDerivation implements DependentDerivation {

    private final CopiedFields copied;

    public QuicklookDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, CpuInfoReading.getDescriptor());
    }

    @Override
    public String plugin() {
        return "quicklook";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample, Map<String, JsonNode> stats) {
        if (!sample.hasCpuinfo()) {
            return Optional.empty();
        }
        CpuInfoReading info = sample.getCpuinfo();
        int logicalCores = info.getCpuLogCore() > 0 ? info.getCpuLogCore() : LogicalCores.of(sample);

        ObjectNode quicklook = JsonNodeFactory.instance.objectNode();
        // Glances names an unknown processor "CPU"
        quicklook.put("cpu_name", info.getCpuName().isEmpty() ? "CPU" : info.getCpuName());
        quicklook.set("cpu_hz_current", info.getCpuHzCurrent() > 0 ? JsonNumbers.real(info.getCpuHzCurrent())
                : NullNode.getInstance());
        quicklook.set("cpu_hz", info.hasCpuHz() ? JsonNumbers.real(info.getCpuHz()) : NullNode.getInstance());
        quicklook.set("cpu", field(stats.get("cpu"), "total"));
        JsonNode percpu = stats.get("percpu");
        quicklook.set("percpu", percpu != null ? percpu.deepCopy() : JsonNodeFactory.instance.arrayNode());
        quicklook.set("mem", sample.hasMem() ? JsonNumbers.real(memPercent(sample.getMem())) : NullNode.getInstance());
        quicklook.set("swap", field(stats.get("memswap"), "percent"));
        quicklook.set("cpu_log_core", JsonNumbers.integer(logicalCores));
        quicklook.set("cpu_phys_core", physicalCores(sample, info));
        quicklook.set("load", sample.hasLoad()
                ? JsonNumbers.real(PythonFloats.round(sample.getLoad().getMin15() / logicalCores * 100, 1))
                : NullNode.getInstance());
        quicklook.set("gpu_mem", gpuMean(stats.get("gpu"), "mem"));
        quicklook.set("gpu_proc", gpuMean(stats.get("gpu"), "proc"));
        return Optional.of(copied.complete(quicklook, info));
    }

    private static double memPercent(MemReading mem) {
        return MemDerivation.usagePercent(mem.getTotal() - mem.getAvailable(), mem.getTotal());
    }

    private static JsonNode physicalCores(Sample sample, CpuInfoReading info) {
        if (info.getCpuPhysCore() > 0) {
            return JsonNumbers.integer(info.getCpuPhysCore());
        }
        if (sample.hasCore() && sample.getCore().getPhys() > 0) {
            return JsonNumbers.integer(sample.getCore().getPhys());
        }
        return NullNode.getInstance();
    }

    private static JsonNode field(JsonNode stats, String name) {
        return stats != null && stats.has(name) ? stats.get(name) : NullNode.getInstance();
    }

    /** The mean of one field over the GPUs that report it; the int 0 without GPU, as Glances shows it. */
    private static JsonNode gpuMean(JsonNode gpus, String name) {
        double sum = 0;
        int count = 0;
        if (gpus != null) {
            for (JsonNode gpu : gpus) {
                JsonNode value = gpu.get(name);
                if (value != null && value.isNumber()) {
                    sum += value.doubleValue();
                    count++;
                }
            }
        }
        return count == 0 ? IntNode.valueOf(0) : JsonNumbers.real(sum / count);
    }
}
