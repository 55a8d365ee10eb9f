package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * A column of Glances' process list: its header, width (with the space before it), the field whose decoration
 * colours it, the sort it stands for, and how a process fills it. Listed in Glances' order; {@code dropRank} says
 * which go first when the terminal is narrow (0 never).
 */
enum ProcessColumn {
    CPU("CPU%", 5, "cpu_percent", ProcessSort.CPU, 0, p -> Units.fixed(p.path("cpu_percent"), 1)),
    MEM("MEM%", 6, "memory_percent", ProcessSort.MEM, 0, p -> Units.fixed(p.path("memory_percent"), 1)),
    VIRT("VIRT", 6, null, null, 2, p -> Units.auto(p.path("memory_info").path("vms"), true)),
    RES("RES", 6, null, null, 7, p -> Units.auto(p.path("memory_info").path("rss"), true)),
    PID("PID", 8, null, null, 0, p -> p.path("pid").asText("?")),
    USER("USER", 10, null, ProcessSort.USER, 8, p -> p.path("username").asText("?")),
    THR("THR", 4, null, null, 3, p -> p.path("num_threads").asText("?")),
    NI("NI", 4, "nice", null, 4, p -> p.path("nice").asText("?")),
    STATUS("S", 2, "status", null, 6, p -> p.path("status").asText("?")),
    TIME("TIME+", 10, null, ProcessSort.TIME, 5, p -> time(p)),
    READ("R/s", 6, null, ProcessSort.IO, 1, p -> io(p, 0)),
    WRITE("W/s", 6, null, ProcessSort.IO, 1, p -> io(p, 1));

    final String header;
    final int width;
    final String decoratedBy;
    final ProcessSort sort;
    final int dropRank;
    private final Function<JsonNode, String> cell;

    ProcessColumn(String header, int width, String decoratedBy, ProcessSort sort, int dropRank,
            Function<JsonNode, String> cell) {
        this.header = header;
        this.width = width;
        this.decoratedBy = decoratedBy;
        this.sort = sort;
        this.dropRank = dropRank;
        this.cell = cell;
    }

    String cell(JsonNode process) {
        return cell.apply(process);
    }

    /** USER is the one left-aligned column, as in Glances. */
    boolean leftAligned() {
        return this == USER;
    }

    private static String time(JsonNode p) {
        JsonNode t = p.path("cpu_times");
        return t.isObject() ? Units.cpuTime(t.path("user").asDouble(0) + t.path("system").asDouble(0)) : "?";
    }

    /** Bytes per second read (0) or written (1) since the previous scan; "?" when unknown (io_tag 0). */
    private static String io(JsonNode p, int which) {
        JsonNode io = p.path("io_counters");
        double dt = p.path("time_since_update").asDouble(0);
        if (!io.isArray() || io.size() < 5 || io.get(4).asInt(0) == 0 || dt <= 0) {
            return "?";
        }
        return Units.auto((io.get(which).asDouble() - io.get(which + 2).asDouble()) / dt, true);
    }
}
