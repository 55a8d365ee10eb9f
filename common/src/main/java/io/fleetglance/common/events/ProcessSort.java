package io.fleetglance.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Glances' {@code sort_stats} over a process list: descending on the sort key, then on {@code memory_percent}, with
 * missing values (None) last; {@code io_counters} sorts on the bytes read and written since the previous scan. When a
 * key cannot be read for every process, Glances falls back (to cpu then memory for io_counters, to the name
 * otherwise), and so does this.
 */
public final class ProcessSort {

    public static final String CPU_PERCENT = "cpu_percent";
    public static final String MEMORY_PERCENT = "memory_percent";
    public static final String IO_COUNTERS = "io_counters";

    private ProcessSort() {
    }

    private static final class Unsortable extends RuntimeException {
        Unsortable() {
            super(null, null, false, false);
        }
    }

    private record Keyed(JsonNode process, double primary, double secondary) {
    }

    /** A sorted copy of {@code processes}; the order of equal processes is kept, as Python's stable sort does. */
    public static List<JsonNode> sorted(List<JsonNode> processes, String sortKey) {
        try {
            if (IO_COUNTERS.equals(sortKey)) {
                return byKeys(processes, p -> ioBytes(p), p -> 0);
            }
            return byKeys(processes, p -> weighted(p, sortKey), p -> weighted(p, MEMORY_PERCENT));
        } catch (Unsortable e) {
            if (IO_COUNTERS.equals(sortKey)) {
                try {
                    return byKeys(processes, p -> weighted(p, CPU_PERCENT), p -> weighted(p, MEMORY_PERCENT));
                } catch (Unsortable again) {
                    return byName(processes);
                }
            }
            return byName(processes);
        }
    }

    private interface KeyFunction {
        double apply(JsonNode process);
    }

    private static List<JsonNode> byKeys(List<JsonNode> processes, KeyFunction primary, KeyFunction secondary) {
        List<Keyed> keyed = new ArrayList<>(processes.size());
        for (JsonNode p : processes) {
            keyed.add(new Keyed(p, primary.apply(p), secondary.apply(p)));
        }
        keyed.sort(Comparator.comparingDouble(Keyed::primary).thenComparingDouble(Keyed::secondary).reversed());
        return keyed.stream().map(Keyed::process).toList();
    }

    private static List<JsonNode> byName(List<JsonNode> processes) {
        List<JsonNode> copy = new ArrayList<>(processes);
        copy.sort(Comparator.comparing(p -> p.path("name").isTextual() ? p.get("name").asText() : "~"));
        return copy;
    }

    // Glances' weighted(): None sorts below every number
    private static double weighted(JsonNode process, String key) {
        JsonNode value = process.get(key);
        if (value == null) {
            throw new Unsortable();
        }
        if (value.isNull()) {
            return Double.NEGATIVE_INFINITY;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? 1 : 0;
        }
        throw new Unsortable();
    }

    private static double ioBytes(JsonNode process) {
        JsonNode io = process.get(IO_COUNTERS);
        if (io == null || !io.isArray() || io.size() < 4) {
            throw new Unsortable();
        }
        for (int i = 0; i < 4; i++) {
            if (!io.get(i).isNumber()) {
                throw new Unsortable();
            }
        }
        return io.get(0).doubleValue() - io.get(2).doubleValue() + io.get(1).doubleValue() - io.get(3).doubleValue();
    }
}
