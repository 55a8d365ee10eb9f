package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.PercpuTimes;
import io.fleetglance.proto.Sample;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code percpu} plugin: one element per CPU with its time shares since the previous sample (since boot for a
 * CPU seen for the first time). {@code guest_nice} is the real guest_nice share, not Glances' copy of steal.
 */
public final class PercpuDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public PercpuDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, PercpuTimes.getDescriptor());
    }

    private Map<Integer, CpuTimes> previous = Map.of();

    @Override
    public String plugin() {
        return "percpu";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasPercpu()) {
            return Optional.empty();
        }
        ArrayNode stats = JsonNodeFactory.instance.arrayNode();
        Map<Integer, CpuTimes> seen = new HashMap<>();
        for (PercpuTimes cpu : sample.getPercpu().getCpusList()) {
            int number = cpu.getCpuNumber();
            CpuTimes before = previous.get(number);
            if (CpuTimesPercent.restarted(before, cpu.getTimes())) {
                before = null;
            }
            stats.add(copied.complete(element(number, CpuTimesPercent.between(before, cpu.getTimes())), cpu));
            seen.put(number, cpu.getTimes());
        }
        previous = seen;
        return Optional.of(stats);
    }

    private static ObjectNode element(int number, CpuTimesPercent shares) {
        ObjectNode cpu = JsonNodeFactory.instance.objectNode();
        cpu.put("key", "cpu_number");
        cpu.put("cpu_number", number);
        cpu.put("total", PythonFloats.round(100 - shares.idle(), 1));
        cpu.put("user", shares.user());
        cpu.put("system", shares.system());
        cpu.put("idle", shares.idle());
        cpu.put("nice", shares.nice());
        cpu.put("iowait", shares.iowait());
        cpu.put("irq", shares.irq());
        cpu.put("softirq", shares.softirq());
        cpu.put("steal", shares.steal());
        cpu.put("guest", shares.guest());
        cpu.put("guest_nice", shares.guestNice());
        // Windows-only fields: Glances serves them as null elsewhere.
        cpu.putNull("dpc");
        cpu.putNull("interrupt");
        return cpu;
    }
}
