package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SwapReading;
import java.util.Optional;

/**
 * The {@code memswap} plugin: psutil's swap memory ({@code used = total - free}, percent 0.0 without swap), the
 * cumulative swap-in/out bytes, and the seconds since the previous swap reading.
 *
 * <p>On the first reading there is no previous one; {@code time_since_update} is then the int 1, which is what
 * Glances' {@code getTimeSinceLastUpdate} answers on its first call. An interval that is not positive is reported
 * as 0.0.
 */
public final class MemswapDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public MemswapDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, SwapReading.getDescriptor());
    }

    private boolean seenBefore;
    private long previousMonoNs;

    @Override
    public String plugin() {
        return "memswap";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasMemswap()) {
            return Optional.empty();
        }
        SwapReading swap = sample.getMemswap();
        long used = swap.getTotal() - swap.getFree();

        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        stats.set("total", JsonNumbers.integer(swap.getTotal()));
        stats.set("used", JsonNumbers.integer(used));
        stats.set("free", JsonNumbers.integer(swap.getFree()));
        stats.put("percent", MemDerivation.usagePercent(used, swap.getTotal()));
        stats.set("sin", JsonNumbers.integer(swap.getSin()));
        stats.set("sout", JsonNumbers.integer(swap.getSout()));
        if (seenBefore) {
            double seconds = CounterRates.secondsBetween(previousMonoNs, sample.getMonoTimeNs());
            stats.put("time_since_update", seconds > 0 ? seconds : 0.0);
        } else {
            stats.put("time_since_update", 1);
        }

        seenBefore = true;
        previousMonoNs = sample.getMonoTimeNs();
        return Optional.of(copied.complete(stats, swap));
    }
}
