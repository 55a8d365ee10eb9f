package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;

/**
 * Glances' process sort keys ({@code a c m i p t u}). The automatic sort is cpu, or what the newest ongoing event
 * asks for (memory for a MEM event, I/O for CPU_IOWAIT), as Glances switches it when an alert begins.
 */
enum ProcessSort {
    AUTO('a', null, "automatically"),
    CPU('c', "cpu_percent", "CPU consumption"),
    MEM('m', "memory_percent", "MEM consumption"),
    IO('i', "io_counters", "I/O rate"),
    NAME('p', "name", "process name"),
    TIME('t', "cpu_times", "CPU time"),
    USER('u', "username", "user name");

    final char hotkey;
    final String field;
    final String label;

    ProcessSort(char hotkey, String field, String label) {
        this.hotkey = hotkey;
        this.field = field;
        this.label = label;
    }

    static ProcessSort ofKey(char key) {
        for (ProcessSort s : values()) {
            if (s.hotkey == key) {
                return s;
            }
        }
        return null;
    }

    /** The sort really applied: for AUTO, the one of the newest ongoing event in {@code alerts}, else cpu. */
    ProcessSort effective(List<JsonNode> alerts) {
        if (this != AUTO) {
            return this;
        }
        for (JsonNode e : alerts) {
            if (e.path("end").asDouble(0) < 0) {
                String sort = e.path("sort").asText("");
                String type = e.path("type").asText("");
                if (sort.equals("memory_percent") || type.startsWith("MEM")) {
                    return MEM;
                }
                if (sort.equals("io_counters") || type.startsWith("CPU_IOWAIT")) {
                    return IO;
                }
                return CPU;
            }
        }
        return CPU;
    }

    /** Descending, except names ascending; ties broken by memory as Glances does. */
    Comparator<JsonNode> comparator() {
        ProcessSort s = this == AUTO ? CPU : this;
        Comparator<JsonNode> primary = s == NAME || s == USER
                ? Comparator.comparing((JsonNode p) -> p.path(s.field).asText("").toLowerCase())
                : Comparator.comparingDouble((JsonNode p) -> s.value(p)).reversed();
        return primary.thenComparing(Comparator.comparingDouble((JsonNode p) -> number(p, "memory_percent"))
                .reversed());
    }

    /** The number sorted on: the I/O delta for io_counters, user + system for cpu_times. */
    double value(JsonNode p) {
        switch (this) {
            case IO:
                JsonNode io = p.path("io_counters");
                if (io.isArray() && io.size() >= 4) {
                    return io.get(0).asDouble() - io.get(2).asDouble() + io.get(1).asDouble() - io.get(3).asDouble();
                }
                return Double.NEGATIVE_INFINITY;
            case TIME:
                JsonNode t = p.path("cpu_times");
                return t.isObject() ? t.path("user").asDouble(0) + t.path("system").asDouble(0)
                        : Double.NEGATIVE_INFINITY;
            default:
                return number(p, field == null ? "cpu_percent" : field);
        }
    }

    private static double number(JsonNode p, String f) {
        JsonNode v = p.path(f);
        return v.isNumber() ? v.asDouble() : Double.NEGATIVE_INFINITY;
    }
}
