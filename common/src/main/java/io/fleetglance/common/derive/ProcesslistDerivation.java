package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessExtended;
import io.fleetglance.proto.ProcessFacts;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code processlist} plugin: every process of the table, as psutil and Glances describe it, sorted as Glances
 * sorts it ({@link ProcessOrder}). Fields, in the order of Glances' answers: {@code cpu_percent, num_threads,
 * memory_info, gids, status, nice, cpu_times, io_counters, [cpu_num], pid, name, memory_percent, [extended stats],
 * key, time_since_update, cmdline, username}.
 *
 * <ul>
 *   <li>A process is (pid, start time): a reused pid is a new process, with no cpu or io history.</li>
 *   <li>{@code cpu_percent} is psutil's: the user + system time used since the previous sample over the interval,
 *       × 100 (so above 100 for a process busy on several CPUs), rounded to one decimal; 0.0 the first time a
 *       process is seen.</li>
 *   <li>{@code memory_percent} is rss / total memory × 100, unrounded, as psutil gives it.</li>
 *   <li>{@code io_counters} is always {@code [read_bytes, write_bytes, prev_read_bytes, prev_write_bytes, io_tag]},
 *       {@code io_tag} 1 when the previous bytes are known, else 0 with previous bytes 0 (first sight, or io not
 *       readable: then all five are 0). Glances keys its previous io by pid alone; here a new process never inherits
 *       the io of an old one.</li>
 *   <li>{@code status} is the first letter, upper-cased, of psutil's status word for the kernel's state, as Glances
 *       shows it: so a stopped process ({@code T}) shows {@code S} ("stopped") and a dead one {@code D}.</li>
 *   <li>{@code cmdline} and {@code username} are sent by the agent only when it meets a process; they are kept per
 *       (pid, start time) while the process lives. A process whose facts never arrived shows {@code cmdline []} and
 *       {@code username null}, what psutil answers for a process it may not read.</li>
 *   <li>{@code time_since_update} is the int 1 on the first table, then the seconds since the previous one.</li>
 * </ul>
 *
 * <p>{@code [processlist]}: {@code sort_key} (Glances' names, {@code auto} for cpu_percent) unless
 * {@link #setSortKeyOverride} says otherwise; {@code disable_stats} (shipped: {@code cpu_num}) drops the named fields
 * ({@code pid} and {@code name} cannot be dropped).
 */
public final class ProcesslistDerivation implements PluginDerivation {

    static final String SECTION = "processlist";
    private static final Set<String> MANDATORY = Set.of("pid", "name");

    private final ExtendedProcessStats extendedStats = new ExtendedProcessStats();
    private KeptProcesses previous = KeptProcesses.NONE;
    private boolean seenBefore;
    private long previousMonoNs;
    private String configuredSortKey;
    private String sortKeyOverride;
    private Set<String> disabledStats;
    private final CopiedFields copied;

    public ProcesslistDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, Process.getDescriptor());
        configure(GlancesConfig.empty());
    }

    @Override
    public String plugin() {
        return SECTION;
    }

    @Override
    public void configure(GlancesConfig config) {
        configuredSortKey = config.get(SECTION, "sort_key").map(String::strip).orElse("");
        Set<String> disabled = new LinkedHashSet<>();
        for (String field : config.get(SECTION, "disable_stats").orElse("cpu_num").split(",")) {
            String name = field.strip();
            if (!name.isEmpty() && !MANDATORY.contains(name)) {
                disabled.add(name);
            }
        }
        disabledStats = Set.copyOf(disabled);
    }

    /** Sorts by {@code sortKey} whatever the configuration says; null goes back to the configured key. */
    void setSortKeyOverride(String sortKey) {
        sortKeyOverride = sortKey == null || sortKey.isBlank() ? null : sortKey.strip();
    }

    /** The key processes are sorted by now, {@code auto} resolved to cpu_percent. */
    String sortKey() {
        String key = sortKeyOverride != null ? sortKeyOverride : configuredSortKey;
        return key.isEmpty() || key.equals("auto") ? ProcessOrder.AUTO_KEY : key;
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        return take(sample).map(Listing::build);
    }

    /** Takes the sample now and builds its list when someone first reads it. */
    @Override
    public void deriveInto(Sample sample, DerivedStats.Builder stats) {
        take(sample).ifPresent(listing -> stats.putOnRead(SECTION, listing::build));
    }

    /**
     * Moves this derivation on by one sample (each process's counters and facts for the next one, the extended stats'
     * running figures) and returns what builds this sample's list: only values captured now, so it may run later, on
     * any thread, or never.
     */
    private Optional<Listing> take(Sample sample) {
        if (!sample.hasProcesses()) {
            return Optional.empty();
        }
        ProcessTable table = sample.getProcesses();
        double seconds = CounterRates.secondsBetween(previousMonoNs, sample.getMonoTimeNs());
        JsonNode sinceUpdate = seenBefore ? JsonNumbers.real(Math.max(0.0, seconds)) : IntNode.valueOf(1);
        long clockTicks = table.getClockTicks() > 0 ? table.getClockTicks() : 100;
        int cpus = LogicalCores.of(sample);
        ProcessExtended extended = table.hasExtended() ? table.getExtended() : null;
        ObjectNode extendedFields = null;

        KeptProcesses kept = KeptProcesses.of(table, previous);
        if (extended != null) {
            for (Process process : table.getProcessesList()) {
                if (extended.getPid() == process.getPid() && extended.getStartTime() == process.getStartTime()) {
                    int before = previous.indexOf(process.getPid(), process.getStartTime(), -1);
                    extendedFields = JsonNodeFactory.instance.objectNode();
                    extendedStats.append(extendedFields, ProcessKey.of(process), extended, before < 0 ? 0.0
                            : cpuPercent(previous.utime(before), previous.stime(before), process.getUtime(),
                                    process.getStime(), clockTicks, previousMonoNs, sample.getMonoTimeNs(), cpus),
                            memoryPercent(process, table));
                }
            }
        }
        if (extendedFields == null) {
            extendedStats.reset();
        }
        Listing listing = new Listing(copied, table, previous, kept, previousMonoNs, sample.getMonoTimeNs(),
                sinceUpdate, clockTicks, cpus, sortKey(), disabledStats, extendedFields);
        previous = kept;
        seenBefore = true;
        previousMonoNs = sample.getMonoTimeNs();
        return Optional.of(listing);
    }

    /**
     * One sample's process list, from what was captured when the sample was taken: its table, the counters and
     * facts kept from the samples before, and the extended stats of the followed process.
     */
    private record Listing(CopiedFields copied, ProcessTable table, KeptProcesses previous, KeptProcesses now,
                           long previousMonoNs, long monoNs,
                           JsonNode sinceUpdate, long clockTicks, int cpus, String sortKey, Set<String> disabledStats,
                           ObjectNode extendedFields) {

        JsonNode build() {
            ProcessKey followed = extendedFields == null ? null
                    : new ProcessKey(table.getExtended().getPid(), table.getExtended().getStartTime());
            List<ObjectNode> processes = new ArrayList<>(table.getProcessesCount());
            int hintBefore = 0;
            int hintNow = 0;
            for (Process process : table.getProcessesList()) {
                ProcessKey key = ProcessKey.of(process);
                int before = previous.indexOf(process.getPid(), process.getStartTime(), hintBefore);
                hintBefore = before + 1;
                int now = this.now.indexOf(process.getPid(), process.getStartTime(), hintNow);
                hintNow = now + 1;
                ObjectNode element = JsonNodeFactory.instance.objectNode();
                element.put("cpu_percent", before < 0 ? 0.0 : cpuPercent(previous.utime(before),
                        previous.stime(before), process.getUtime(), process.getStime(), clockTicks, previousMonoNs,
                        monoNs, cpus));
                element.set("num_threads", JsonNumbers.integer(Integer.toUnsignedLong(process.getNumThreads())));
                memoryInfo(element.putObject("memory_info"), process);
                gids(element.putObject("gids"), process);
                element.put("status", statusLetter(process.getState()));
                element.put("nice", process.getNice());
                cpuTimes(element.putObject("cpu_times"), process, clockTicks);
                ioCounters(element.putArray("io_counters"), process, previous, before);
                element.put("cpu_num", process.getCpuNum());
                element.put("pid", process.getPid());
                element.put("name", process.getName());
                element.put("memory_percent", memoryPercent(process, table));
                if (key.equals(followed)) {
                    element.setAll(extendedFields.deepCopy());
                }
                element.put("key", "pid");
                element.set("time_since_update", sinceUpdate);
                // -1 only for a pid listed twice in one table (an agent's mistake): no facts for the second
                ProcessFacts known = now < 0 ? null : this.now.facts(now);
                ArrayNode cmdline = element.putArray("cmdline");
                if (known != null) {
                    known.getCmdlineList().forEach(cmdline::add);
                }
                element.put("username", known == null || known.getUsername().isEmpty() ? null
                        : known.getUsername());
                copied.complete(element, process);
                element.remove(disabledStats);
                processes.add(element);
            }
            ArrayNode stats = JsonNodeFactory.instance.arrayNode();
            ProcessOrder.sorted(processes, sortKey).forEach(stats::add);
            return stats;
        }
    }

    /**
     * psutil's {@code Process.cpu_percent()}: the process's user + system seconds over the wall seconds of the
     * interval spread on every CPU, × 100 × the CPU count, rounded to one decimal. Computed step by step as psutil
     * does (seconds as ticks / USER_HZ, its timer as monotonic seconds × CPUs) so the floats round as they do; 0.0 when
     * no time elapsed or the times went backwards.
     */
    static double cpuPercent(long userBefore, long systemBefore, long user, long system, long clockTicks,
                             long monoNsBefore, long monoNs, int cpus) {
        double deltaProc = ((double) user / clockTicks - (double) userBefore / clockTicks)
                + ((double) system / clockTicks - (double) systemBefore / clockTicks);
        double deltaTime = monoNs / 1e9 * cpus - monoNsBefore / 1e9 * cpus;
        if (deltaTime <= 0 || deltaProc < 0) {
            return 0.0;
        }
        double overall = (deltaProc / deltaTime) * 100;
        return PythonFloats.round(overall * cpus, 1);
    }

    private static void memoryInfo(ObjectNode memory, Process process) {
        memory.set("rss", JsonNumbers.integer(process.getRss()));
        memory.set("vms", JsonNumbers.integer(process.getVms()));
        memory.set("shared", JsonNumbers.integer(process.getShared()));
        memory.set("text", JsonNumbers.integer(process.getText()));
        memory.set("lib", JsonNumbers.integer(process.getLib()));
        memory.set("data", JsonNumbers.integer(process.getData()));
        memory.set("dirty", JsonNumbers.integer(process.getDirty()));
    }

    private static void gids(ObjectNode gids, Process process) {
        gids.set("real", JsonNumbers.integer(Integer.toUnsignedLong(process.getGidReal())));
        gids.set("effective", JsonNumbers.integer(Integer.toUnsignedLong(process.getGidEffective())));
        gids.set("saved", JsonNumbers.integer(Integer.toUnsignedLong(process.getGidSaved())));
    }

    /** psutil's cpu times in seconds: ticks / USER_HZ, iowait being the delay-accounting block io ticks. */
    private static void cpuTimes(ObjectNode times, Process process, long clockTicks) {
        times.put("user", (double) process.getUtime() / clockTicks);
        times.put("system", (double) process.getStime() / clockTicks);
        times.put("children_user", (double) process.getCutime() / clockTicks);
        times.put("children_system", (double) process.getCstime() / clockTicks);
        times.put("iowait", (double) process.getBlkioTicks() / clockTicks);
    }

    /** psutil's {@code memory_percent}: rss over total memory, × 100, unrounded. */
    private static double memoryPercent(Process process, ProcessTable table) {
        return table.getMemTotal() == 0 ? 0.0 : (double) process.getRss() / table.getMemTotal() * 100;
    }

    /**
     * Glances' five io_counters: bytes now, bytes at the previous sample and whether those are known ({@code before},
     * the process's index in {@code previous}, -1 when it was not there).
     */
    private static void ioCounters(ArrayNode io, Process process, KeptProcesses previous, int before) {
        if (!process.hasIo()) {
            for (int i = 0; i < 5; i++) {
                io.add(0);
            }
            return;
        }
        io.add(JsonNumbers.integer(process.getIo().getReadBytes()));
        io.add(JsonNumbers.integer(process.getIo().getWriteBytes()));
        if (before >= 0 && previous.ioKnown(before)) {
            io.add(JsonNumbers.integer(previous.readBytes(before)));
            io.add(JsonNumbers.integer(previous.writeBytes(before)));
            io.add(1);
        } else {
            io.add(0);
            io.add(0);
            io.add(0);
        }
    }

    /** The letter Glances shows: the first letter, upper-cased, of psutil's status word for the kernel's state. */
    static String statusLetter(String state) {
        String word = switch (state) {
            case "R" -> "running";
            case "S" -> "sleeping";
            case "D" -> "disk-sleep";
            case "T" -> "stopped";
            case "t" -> "tracing-stop";
            case "Z" -> "zombie";
            case "X", "x" -> "dead";
            case "K" -> "wake-kill";
            case "W" -> "waking";
            case "I" -> "idle";
            case "P" -> "parked";
            default -> "?";
        };
        return word.substring(0, 1).toUpperCase(Locale.ROOT);
    }
}
