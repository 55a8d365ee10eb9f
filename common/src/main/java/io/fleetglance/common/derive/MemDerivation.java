package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code mem} plugin: psutil's virtual memory with Glances' overrides ({@code used = max(0, total - available)},
 * percent kept within 0..100) and the min/max/mean of the percentage since this host's deriver started.
 */
public final class MemDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public MemDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, MemReading.getDescriptor());
    }

    private final MinMaxMean percentHistory = new MinMaxMean();

    @Override
    public String plugin() {
        return "mem";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasMem()) {
            return Optional.empty();
        }
        MemReading mem = sample.getMem();
        double percent = Math.min(Math.max(0.0, usagePercent(mem.getTotal() - mem.getAvailable(), mem.getTotal())),
                100.0);
        MinMaxMean.Summary mmm = percentHistory.add(percent);

        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        stats.set("total", JsonNumbers.integer(mem.getTotal()));
        stats.set("available", JsonNumbers.integer(mem.getAvailable()));
        stats.put("percent", percent);
        stats.set("used", JsonNumbers.integer(Math.max(0, mem.getTotal() - mem.getAvailable())));
        stats.set("free", JsonNumbers.integer(mem.getFree()));
        stats.set("active", JsonNumbers.integer(mem.getActive()));
        stats.set("inactive", JsonNumbers.integer(mem.getInactive()));
        stats.set("buffers", JsonNumbers.integer(mem.getBuffers()));
        stats.set("cached", JsonNumbers.integer(mem.getCached()));
        stats.set("shared", JsonNumbers.integer(mem.getShared()));
        stats.put("percent_min", mmm.min());
        stats.put("percent_max", mmm.max());
        stats.put("percent_mean", mmm.mean());
        return Optional.of(copied.complete(stats, mem));
    }

    /** psutil's {@code usage_percent(used, total, round_=1)}: 0.0 when there is no total. */
    static double usagePercent(long used, long total) {
        if (total == 0) {
            return 0.0;
        }
        return PythonFloats.round(((double) used / total) * 100, 1);
    }
}
