package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.CpuReading;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The {@code cpu} plugin: system-wide time shares from the tick deltas since the previous sample (since boot on the
 * first one), the event counters as Glances rate fields, and {@code cpucore}.
 */
public final class CpuDerivation implements PluginDerivation {

    private static final Map<String, ToLongFunction<CpuReading>> COUNTERS = Map.of(
            "ctx_switches", CpuReading::getCtxSwitches,
            "interrupts", CpuReading::getInterrupts,
            "soft_interrupts", CpuReading::getSoftInterrupts,
            "syscalls", CpuReading::getSyscalls);

    private final List<String> rateFields;
    private CpuReading previous;
    private long previousMonoNs;
    private final CopiedFields copied;

    public CpuDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, CpuReading.getDescriptor());
        this.rateFields = spec.rateFields();
        for (String field : rateFields) {
            if (!COUNTERS.containsKey(field)) {
                throw new IllegalArgumentException("cpu rate field " + field + " has no counter in CpuReading");
            }
        }
    }

    @Override
    public String plugin() {
        return "cpu";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasCpu()) {
            return Optional.empty();
        }
        CpuReading current = sample.getCpu();
        CpuTimes before = previous == null ? null : previous.getTimes();
        if (CpuTimesPercent.restarted(before, current.getTimes())) {
            // The host rebooted: shares since the old boot are meaningless, those since the new boot are not.
            before = null;
        }
        CpuTimesPercent shares = CpuTimesPercent.between(before, current.getTimes());

        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        stats.put("total", CpuTimesPercent.busyPercent(before, current.getTimes()));
        stats.put("user", shares.user());
        stats.put("nice", shares.nice());
        stats.put("system", shares.system());
        stats.put("idle", shares.idle());
        stats.put("iowait", shares.iowait());
        stats.put("irq", shares.irq());
        stats.put("steal", shares.steal());
        stats.put("guest", shares.guest());
        Map<String, Long> counters = counters(current);
        // Reserve the counters' places: Glances lists them before cpucore, and the rate fields after it.
        counters.keySet().forEach(stats::putNull);
        stats.set("cpucore", JsonNumbers.integer(LogicalCores.of(sample)));
        CounterRates.apply(stats, counters, previous == null ? null : counters(previous),
                CounterRates.secondsBetween(previousMonoNs, sample.getMonoTimeNs()));

        copied.complete(stats, current);
        previous = current;
        previousMonoNs = sample.getMonoTimeNs();
        return Optional.of(stats);
    }

    private Map<String, Long> counters(CpuReading reading) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String field : rateFields) {
            values.put(field, COUNTERS.get(field).applyAsLong(reading));
        }
        return values;
    }
}
