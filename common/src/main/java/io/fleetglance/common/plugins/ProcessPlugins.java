package io.fleetglance.common.plugins;

import static io.fleetglance.common.catalogue.FieldSpec.of;

import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.catalogue.Shape;
import io.fleetglance.common.derive.AmpsDerivation;
import io.fleetglance.common.derive.DependentDerivation;
import io.fleetglance.common.derive.PluginDerivation;
import io.fleetglance.common.derive.ProcessCountDerivation;
import io.fleetglance.common.derive.ProcesslistDerivation;
import io.fleetglance.common.derive.ProgramlistDerivation;
import java.util.List;

/** Catalogue entries of the plugins built from the process table, and of the events list. */
final class ProcessPlugins {

    private static final String NUMBER = "number";
    private static final String STRING = "string";
    private static final String PERCENT = "percent";

    private ProcessPlugins() {
    }

    static PluginSpec processcount() {
        return new PluginSpec("processcount", Shape.DICT, null, List.of(
                of("total", "Total number of processes", NUMBER),
                of("running", "Total number of running processes", NUMBER),
                of("sleeping", "Total number of sleeping processes", NUMBER),
                of("thread", "Total number of threads", NUMBER),
                of("pid_max", "Maximum number of processes", NUMBER)),
                List.of("total", "running", "sleeping", "thread"), true)
                .with(PluginDerivation.Factory.class, (spec, config) -> new ProcessCountDerivation(spec));
    }

    static PluginSpec processlist() {
        return new PluginSpec("processlist", Shape.LIST, "pid", List.of(
                of("pid", "Process identifier (ID)", NUMBER),
                of("name", "Process name", STRING),
                of("cmdline", "Command line with arguments", "list"),
                of("username", "Process owner", STRING),
                of("num_threads", "Number of threads", NUMBER),
                of("cpu_percent", "Process CPU consumption (returned value can be > 100.0 in case of a process running "
                        + "multiple threads on different CPU cores)", PERCENT),
                of("memory_percent", "Process memory consumption", PERCENT),
                memoryInfo(),
                of("status", "Process status", STRING),
                of("nice", "Process nice value", NUMBER),
                cpuTimes(),
                gids(),
                ioCounters()),
                List.of(), true)
                .with(PluginDerivation.Factory.class, (spec, config) -> new ProcesslistDerivation(spec));
    }

    static PluginSpec programlist() {
        // Glances keys programs by name, although the elements carry no "key" field.
        return new PluginSpec("programlist", Shape.LIST, "name", List.of(
                of("name", "Process name", STRING),
                of("cmdline", "Command line with arguments", "list"),
                of("username", "Process owner", STRING),
                of("nprocs", "Number of children processes", NUMBER),
                of("num_threads", "Number of threads", NUMBER),
                of("cpu_percent", "Process CPU consumption", PERCENT),
                of("memory_percent", "Process memory consumption", PERCENT),
                memoryInfo(),
                of("status", "Process status", STRING),
                of("nice", "Process nice value", NUMBER),
                cpuTimes(),
                gids(),
                ioCounters()),
                List.of(), true)
                .with(DependentDerivation.Factory.class, spec -> new ProgramlistDerivation());
    }

    static PluginSpec amps() {
        return new PluginSpec("amps", Shape.LIST, "name", List.of(
                of("name", "AMP name.", null),
                of("result", "AMP result (a string).", null),
                of("refresh", "AMP refresh interval.", "second"),
                of("timer", "Time until next refresh.", "second"),
                of("count", "Number of matching processes.", NUMBER),
                of("countmin", "Minimum number of matching processes.", NUMBER),
                of("countmax", "Maximum number of matching processes.", NUMBER)),
                List.of(), true)
                .with(PluginDerivation.Factory.class, (spec, config) -> new AmpsDerivation(spec, config));
    }

    static PluginSpec alert() {
        // A list without a key: events are not addressed by an identifying field.
        return new PluginSpec("alert", Shape.LIST, null, List.of(
                of("begin", "Begin timestamp of the event", "timestamp"),
                of("end", "End timestamp of the event (or -1 if ongoing)", "timestamp"),
                of("state", "State of the event (WARNING|CRITICAL)", STRING),
                of("type", "Type of the event (CPU|LOAD|MEM)", STRING),
                of("max", "Maximum value during the event period", "float"),
                of("avg", "Average value during the event period", "float"),
                of("min", "Minimum value during the event period", "float"),
                of("sum", "Sum of the values during the event period", "float"),
                of("count", "Number of values during the event period", "int"),
                of("top", "Top 3 processes name during the event period", "list"),
                of("desc", "Description of the event", STRING),
                of("sort", "Sort key of the top processes", STRING),
                of("global_msg", "Global alert message", STRING)),
                List.of(), true);
    }

    private static FieldSpec memoryInfo() {
        return of("memory_info", "Process memory information (dict with rss, vms, shared, text, lib, data, dirty keys)",
                "byte");
    }

    private static FieldSpec cpuTimes() {
        return of("cpu_times", "Process CPU times (dict with user, system, iowait keys)", "second");
    }

    private static FieldSpec gids() {
        return of("gids", "Process group IDs (dict with real, effective, saved keys)", NUMBER);
    }

    private static FieldSpec ioCounters() {
        return of("io_counters", "Process IO counters (list with read_count, write_count, read_bytes, write_bytes, "
                + "io_tag keys)", "byte");
    }
}
