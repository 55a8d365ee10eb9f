package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Vm;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code vms} plugin: one element per virtual machine as Glances' Multipass and virsh engines build it, sorted
 * by {@code load_1min} then {@code memory_usage}, descending (null lowest). A libvirt domain's {@code cpu_time} is
 * Glances' value, CPU nanoseconds / 10⁹ × 100, and a rate field: from a machine's second sample on it is the delta
 * since the previous sample, with {@code cpu_time_gauge}, {@code cpu_time_rate_per_sec} and
 * {@code time_since_update}, as Glances' rate machinery adds them. Multipass reports no CPU time, and virsh no load
 * or address: those are null, as are a zero CPU count or memory, as Glances reads them.
 */
public final class VmsDerivation implements PluginDerivation {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final BigDecimal NANOS = BigDecimal.valueOf(1_000_000_000L);

    private record Previous(double cpuTime, long monoNs) {
    }

    private final boolean disabled;
    private Map<String, Previous> previous = new HashMap<>();
    private final CopiedFields copied;

    public VmsDerivation(PluginSpec spec, GlancesConfig config) {
        copied = CopiedFields.of(spec, Vm.getDescriptor(), "cpu_time");
        this.disabled = PluginSwitch.isDisabled(config, "vms");
    }

    @Override
    public String plugin() {
        return "vms";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (disabled || !sample.hasVms()) {
            return Optional.empty();
        }
        List<ObjectNode> elements = new ArrayList<>();
        Map<String, Previous> current = new HashMap<>();
        for (Vm vm : sample.getVms().getVmsList()) {
            ObjectNode v = element(vm);
            if (hasCpuTime(vm)) {
                double cpuTime = cpuTime(vm);
                current.put(vm.getName(), new Previous(cpuTime, sample.getMonoTimeNs()));
                Previous before = previous.get(vm.getName());
                if (before != null) {
                    rate(v, cpuTime, before, sample.getMonoTimeNs());
                }
            }
            elements.add(copied.complete(v, vm));
        }
        previous = current;
        Comparator<ObjectNode> byLoad = Comparator.<ObjectNode>comparingDouble(e -> weighted(e.get("load_1min")))
                .thenComparingDouble(e -> weighted(e.get("memory_usage")));
        elements.sort(byLoad.reversed());
        ArrayNode stats = JSON.arrayNode();
        elements.forEach(stats::add);
        return Optional.of(stats);
    }

    private static boolean hasCpuTime(Vm vm) {
        return vm.getEngine().equals("virsh");
    }

    /** Glances' {@code int(cpu.time) / 1000000000 * 100}: the division exactly rounded, as Python's int / int. */
    static double cpuTime(Vm vm) {
        return new BigDecimal(vm.getCpuTime()).divide(NANOS).doubleValue() * 100;
    }

    private static ObjectNode element(Vm vm) {
        ObjectNode v = JSON.objectNode();
        v.put("key", "name");
        v.put("name", vm.getName());
        v.put("id", vm.getId());
        v.put("status", vm.getStatus());
        v.put("release", vm.getRelease());
        if (vm.getCpuCount() > 0) {
            v.put("cpu_count", vm.getCpuCount());
        } else {
            v.putNull("cpu_count");
        }
        if (hasCpuTime(vm)) {
            v.put("cpu_time", cpuTime(vm));
        }
        putBytes(v, "memory_usage", vm.getMemoryUsage());
        putBytes(v, "memory_total", vm.getMemoryTotal());
        boolean hasLoad = vm.getEngine().equals("multipass");
        putLoad(v, "load_1min", hasLoad, vm.getLoad1Min());
        putLoad(v, "load_5min", hasLoad, vm.getLoad5Min());
        putLoad(v, "load_15min", hasLoad, vm.getLoad15Min());
        if (vm.getIpv4().isEmpty()) {
            v.putNull("ipv4");
        } else {
            v.put("ipv4", vm.getIpv4());
        }
        v.put("engine", vm.getEngine());
        v.put("engine_version", vm.getEngineVersion());
        return v;
    }

    /**
     * Glances' rate machinery for the one rate field: a delta when both counters are set, else 0 and an int rate 0.
     * A counter that went back (the domain restarted) also gives 0.
     */
    private static void rate(ObjectNode v, double cpuTime, Previous before, long monoNs) {
        double seconds = Math.max(0, CounterRates.secondsBetween(before.monoNs(), monoNs));
        v.put("time_since_update", seconds);
        v.put("cpu_time_gauge", cpuTime);
        double delta = cpuTime - before.cpuTime();
        if (cpuTime != 0 && before.cpuTime() != 0 && seconds > 0 && delta >= 0) {
            v.put("cpu_time", delta);
            v.put("cpu_time_rate_per_sec", PythonFloats.floorDiv(delta, seconds));
        } else {
            v.set("cpu_time", IntNode.valueOf(0));
            v.set("cpu_time_rate_per_sec", IntNode.valueOf(0));
        }
    }

    private static void putBytes(ObjectNode v, String field, long bytes) {
        if (bytes > 0) {
            v.set(field, JsonNumbers.integer(bytes));
        } else {
            v.putNull(field);
        }
    }

    private static void putLoad(ObjectNode v, String field, boolean present, double load) {
        if (present) {
            v.put(field, load);
        } else {
            v.putNull(field);
        }
    }

    private static double weighted(JsonNode value) {
        return value == null || value.isNull() ? Double.NEGATIVE_INFINITY : value.asDouble();
    }
}
