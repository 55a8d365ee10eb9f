package io.fleetglance.common.plugins;

import static io.fleetglance.common.catalogue.FieldSpec.of;

import io.fleetglance.common.alerts.HostViewRules;
import io.fleetglance.common.alerts.ViewRules;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.catalogue.Shape;
import io.fleetglance.common.derive.CloudDerivation;
import io.fleetglance.common.derive.CoreDerivation;
import io.fleetglance.common.derive.CpuDerivation;
import io.fleetglance.common.derive.DependentDerivation;
import io.fleetglance.common.derive.HelpDerivation;
import io.fleetglance.common.derive.LoadDerivation;
import io.fleetglance.common.derive.MemDerivation;
import io.fleetglance.common.derive.MemswapDerivation;
import io.fleetglance.common.derive.NowDerivation;
import io.fleetglance.common.derive.PercpuDerivation;
import io.fleetglance.common.derive.PluginDerivation;
import io.fleetglance.common.derive.PsutilVersionDerivation;
import io.fleetglance.common.derive.QuicklookDerivation;
import io.fleetglance.common.derive.SystemDerivation;
import io.fleetglance.common.derive.UptimeDerivation;
import io.fleetglance.common.derive.VersionDerivation;
import java.util.List;

/**
 * Catalogue entries of the plugins that describe the machine itself: processors, load, memory, identity and clocks.
 * Texts and units are Glances' {@code fields_description}; log/alert flags say which fields Glances decorates with
 * its logging or plain alert, whether it declares that in {@code fields_description} or in {@code update_views}.
 */
final class HostPlugins {

    private static final String PERCENT = "percent";
    private static final String NUMBER = "number";
    private static final String BYTES = "bytes";

    private static final String SYSTEM = "Percent time spent in kernel space. System CPU time is the time spent running "
            + "code in the Operating System kernel.";
    private static final String USER = "CPU percent time spent in user space. User CPU time is the time spent on the "
            + "processor running your program's code (or code in libraries).";
    private static final String IOWAIT = "*(Linux)*: percent time spent by the CPU waiting for I/O operations to complete.";
    private static final String IDLE = "percent of CPU used by any program. Every program or task that runs on a computer "
            + "system occupies a certain amount of processing time on the CPU. If the CPU has completed all tasks it is idle.";
    private static final String IRQ = "*(Linux and BSD)*: percent time spent servicing/handling hardware/software "
            + "interrupts. Time servicing interrupts (hardware + software).";
    private static final String NICE = "*(Unix)*: percent time occupied by user level processes with a positive nice "
            + "value. The time the CPU has spent running users' processes that have been *niced*.";
    private static final String STEAL = "*(Linux)*: percentage of time a virtual CPU waits for a real CPU while the "
            + "hypervisor is servicing another virtual processor.";
    private static final String CPUCORE = "Total number of CPU core.";
    private static final String TIME_SINCE_UPDATE = "Number of seconds since last update.";
    private static final String LOAD = "Average sum of the number of processes waiting in the run-queue plus the number "
            + "currently executing over ";

    private HostPlugins() {
    }

    static PluginSpec cpu() {
        return dict("cpu", List.of(
                of("total", "Sum of all CPU percentages (except idle).", PERCENT).logged(),
                of("system", SYSTEM, PERCENT).logged(),
                of("user", USER, PERCENT).logged(),
                of("iowait", IOWAIT, PERCENT).logged(),
                of("dpc", "*(Windows)*: time spent servicing deferred procedure calls (DPCs)", PERCENT).logged(),
                of("idle", IDLE, PERCENT).asOptional(),
                of("irq", IRQ, PERCENT).asOptional(),
                of("nice", NICE, PERCENT).asOptional(),
                of("steal", STEAL, PERCENT).asOptional().alerted(),
                of("guest", "*(Linux)*: time spent running a virtual CPU for guest operating systems under the control "
                        + "of the Linux kernel.", PERCENT).asOptional(),
                of("ctx_switches", "number of context switches (voluntary + involuntary) per second. A context switch "
                        + "is a procedure that a computer's CPU (central processing unit) follows to change from one task "
                        + "(or process) to another while ensuring that the tasks do not conflict.", NUMBER)
                        .asRate().asOptional().alerted(),
                of("interrupts", "number of interrupts per second.", NUMBER).asRate().asOptional(),
                of("soft_interrupts", "number of software interrupts per second. Always set to 0 on Windows and SunOS.",
                        NUMBER).asRate().asOptional(),
                of("syscalls", "number of system calls per second. Always 0 on Linux OS.", NUMBER).asRate().asOptional(),
                of("cpucore", CPUCORE, NUMBER),
                of("time_since_update", TIME_SINCE_UPDATE, "seconds")),
                List.of("user", "system"))
                .with(PluginDerivation.Factory.class, (spec, config) -> new CpuDerivation(spec))
                .with(ViewRules.class, HostViewRules::cpu);
    }

    static PluginSpec percpu() {
        return new PluginSpec("percpu", Shape.LIST, "cpu_number", List.of(
                of("cpu_number", "CPU number", null),
                of("total", "Sum of CPU percentages (except idle) for current CPU number.", PERCENT),
                of("system", SYSTEM, PERCENT),
                of("user", USER, PERCENT),
                of("iowait", IOWAIT, PERCENT),
                of("idle", IDLE, PERCENT),
                of("irq", IRQ, PERCENT),
                of("nice", NICE, PERCENT),
                of("steal", STEAL, PERCENT),
                of("guest", "*(Linux)*: percent of time spent running a virtual CPU for guest operating systems under "
                        + "the control of the Linux kernel.", PERCENT),
                of("guest_nice", "*(Linux)*: percent of time spent running a niced guest (virtual CPU).", PERCENT),
                of("softirq", "*(Linux)*: percent of time spent handling software interrupts.", PERCENT)),
                List.of("user", "system"), true)
                .with(PluginDerivation.Factory.class, (spec, config) -> new PercpuDerivation(spec));
    }

    static PluginSpec core() {
        return dict("core", List.of(
                of("phys", "Number of physical cores (hyper thread CPUs are excluded).", NUMBER),
                of("log", "Number of logical CPU cores. A logical CPU is the number of physical cores multiplied by the "
                        + "number of threads that can run on each core.", NUMBER)),
                List.of())
                .with(PluginDerivation.Factory.class, (spec, config) -> new CoreDerivation(spec));
    }

    static PluginSpec load() {
        return dict("load", List.of(
                of("min1", LOAD + "1 minute.", "float"),
                of("min5", LOAD + "5 minutes.", "float").alerted(),
                of("min15", LOAD + "15 minutes.", "float").logged(),
                of("cpucore", CPUCORE, NUMBER)),
                List.of("min1", "min5", "min15"))
                .with(PluginDerivation.Factory.class, (spec, config) -> new LoadDerivation(spec))
                .with(ViewRules.class, HostViewRules::load);
    }

    static PluginSpec mem() {
        return dict("mem", List.of(
                of("total", "Total physical memory available.", BYTES),
                of("available", "The actual amount of available memory that can be given instantly to processes that "
                        + "request more memory in bytes; this is calculated by summing different memory values depending "
                        + "on the platform (e.g. free + buffers + cached on Linux) and it is supposed to be used to "
                        + "monitor actual memory usage in a cross platform fashion.", BYTES),
                of("percent", "The percentage usage calculated as (total - available) / total * 100.", PERCENT).logged(),
                of("used", "Memory used, calculated differently depending on the platform and designed for "
                        + "informational purposes only.", BYTES),
                of("free", "Memory not being used at all (zeroed) that is readily available; note that this doesn't "
                        + "reflect the actual memory available (use 'available' instead).", BYTES),
                of("active", "*(UNIX)*: memory currently in use or very recently used, and so it is in RAM.", BYTES)
                        .asOptional(),
                of("inactive", "*(UNIX)*: memory that is marked as not used.", BYTES).asOptional(),
                of("buffers", "*(Linux, BSD)*: cache for things like file system metadata.", BYTES).asOptional(),
                of("cached", "*(Linux, BSD)*: cache for various things.", BYTES).asOptional(),
                of("wired", "*(BSD, macOS)*: memory that is marked to always stay in RAM. It is never moved to disk.",
                        BYTES),
                of("shared", "*(BSD)*: memory that may be simultaneously accessed by multiple processes.", BYTES),
                // Glances generates these three from 'percent' being flagged mmm (min/max/mean).
                of("percent_min", "Minimum percent observed since Glances startup.", PERCENT),
                of("percent_max", "Maximum percent observed since Glances startup.", PERCENT),
                of("percent_mean", "Mean (average) percent computed from the history.", PERCENT)),
                List.of("percent"))
                .with(PluginDerivation.Factory.class, (spec, config) -> new MemDerivation(spec))
                .with(ViewRules.class, HostViewRules::memory);
    }

    static PluginSpec memswap() {
        return dict("memswap", List.of(
                of("total", "Total swap memory.", BYTES),
                of("used", "Used swap memory.", BYTES),
                of("free", "Free swap memory.", BYTES),
                of("percent", "Used swap memory in percentage.", PERCENT).logged(),
                of("sin", "The number of bytes the system has swapped in from disk (cumulative).", BYTES),
                of("sout", "The number of bytes the system has swapped out from disk (cumulative).", BYTES),
                of("time_since_update", TIME_SINCE_UPDATE, "seconds")),
                List.of("percent"))
                .with(PluginDerivation.Factory.class, (spec, config) -> new MemswapDerivation(spec))
                .with(ViewRules.class, HostViewRules::memory);
    }

    static PluginSpec system() {
        return dict("system", List.of(
                of("os_name", "Operating system name", null),
                of("hostname", "Hostname", null),
                of("platform", "Platform (32 or 64 bits)", null),
                of("linux_distro", "Linux distribution", null),
                of("os_version", "Operating system version", null),
                // The misspelling is Glances' own; clients may compare the text.
                of("hr_name", "Human readable operating sytem name", null)),
                List.of())
                .with(PluginDerivation.Factory.class, (spec, config) -> new SystemDerivation(spec));
    }

    static PluginSpec now() {
        return dict("now", List.of(
                of("custom", "Current date in custom format.", null),
                of("iso", "Current date in ISO 8601 format.", null)),
                List.of())
                .with(PluginDerivation.Factory.class, (spec, config) -> new NowDerivation(spec));
    }

    static PluginSpec quicklook() {
        return dict("quicklook", List.of(
                // cpu, mem and load are decorated because they form the default [quicklook] list.
                of("cpu", "CPU percent usage", PERCENT).alerted(),
                of("mem", "MEM percent usage", PERCENT).alerted(),
                of("swap", "SWAP percent usage", PERCENT),
                of("load", "LOAD percent usage", PERCENT).alerted(),
                of("cpu_log_core", "Number of logical CPU core", NUMBER),
                of("cpu_phys_core", "Number of physical CPU core", NUMBER),
                of("cpu_name", "CPU name", null),
                of("cpu_hz_current", "CPU current frequency", "hertz"),
                of("cpu_hz", "CPU max frequency", "hertz"),
                of("gpu_mem", "Average GPU Memory consumption", PERCENT),
                of("gpu_proc", "Average GPU Processor consumption", PERCENT)),
                List.of("cpu", "percpu", "mem", "swap", "load"))
                .with(DependentDerivation.Factory.class, spec -> new QuicklookDerivation(spec))
                .with(ViewRules.class, HostViewRules::quicklook);
    }

    static PluginSpec uptime() {
        return string("uptime")
                .with(PluginDerivation.Factory.class, (spec, config) -> new UptimeDerivation());
    }

    static PluginSpec version() {
        return string("version")
                .with(PluginDerivation.Factory.class, (spec, config) -> new VersionDerivation());
    }

    static PluginSpec psutilversion() {
        return string("psutilversion")
                .with(PluginDerivation.Factory.class, (spec, config) -> new PsutilVersionDerivation());
    }

    static PluginSpec help() {
        return dict("help", List.of(), List.of())
                .with(PluginDerivation.Factory.class, (spec, config) -> new HelpDerivation());
    }

    static PluginSpec cloud() {
        // Glances declares no fields for cloud; its stats are {} or {id, name, type, region, platform}.
        return new PluginSpec("cloud", Shape.DICT, null, List.of(), List.of(), false)
                .with(PluginDerivation.Factory.class, (spec, config) -> new CloudDerivation(spec, config));
    }

    private static PluginSpec dict(String name, List<FieldSpec> fields, List<String> history) {
        return new PluginSpec(name, Shape.DICT, null, fields, history, true);
    }

    private static PluginSpec string(String name) {
        return new PluginSpec(name, Shape.STRING, null, List.of(), List.of(), true);
    }
}
