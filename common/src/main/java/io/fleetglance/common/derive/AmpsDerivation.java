package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Amp;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code amps} plugin: each configured AMP with its process count and timer as the agent reports them, and its
 * {@code result} as Glances would hold it. The agent runs no AMP command, so an AMP with a command (or a module of its
 * own: nginx, systemd, systemv) has no result; an AMP that only counts gets the result of Glances' default AMP,
 * {@code "CPU: x.x% | MEM: y.y%"} of its matching processes, when its timer refreshes; an AMP with a regex, no
 * matching process and {@code countmin} above 0 gets {@code "No running process"}. A result stays until replaced.
 */
public final class AmpsDerivation implements PluginDerivation {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Ticks(long startTime, long cpu) {
    }

    private final boolean disabled;
    private final Map<String, String> results = new HashMap<>();
    private Map<Integer, Ticks> previousTicks = new HashMap<>();
    private long previousMonoNs;
    private final CopiedFields copied;

    public AmpsDerivation(PluginSpec spec, GlancesConfig config) {
        copied = CopiedFields.of(spec, Amp.getDescriptor());
        this.disabled = PluginSwitch.isDisabled(config, "amps");
    }

    @Override
    public String plugin() {
        return "amps";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (disabled || !sample.hasAmps()) {
            return Optional.empty();
        }
        Map<Integer, Process> processes = new HashMap<>();
        if (sample.hasProcesses()) {
            for (Process process : sample.getProcesses().getProcessesList()) {
                processes.put(process.getPid(), process);
            }
        }
        double seconds = previousTicks.isEmpty() ? 0
                : CounterRates.secondsBetween(previousMonoNs, sample.getMonoTimeNs());
        ArrayNode stats = JSON.arrayNode();
        Map<Integer, Ticks> ticks = new HashMap<>();
        for (Amp amp : sample.getAmps().getAmpsList()) {
            String result = results.get(amp.getName());
            if (amp.getEnabled()) {
                if (amp.getRegex() && amp.getCount() == 0) {
                    if (amp.hasCountmin() && amp.getCountmin() > 0) {
                        result = "No running process";
                    }
                } else if (amp.getTimer() == 0.0) {
                    result = amp.getCountingOnly() ? usage(amp, processes, sample.getProcesses(), seconds) : null;
                }
                results.put(amp.getName(), result);
            }
            for (int pid : amp.getPidsList()) {
                Process process = processes.get(pid);
                if (process != null) {
                    ticks.put(pid, new Ticks(process.getStartTime(), process.getUtime() + process.getStime()));
                }
            }
            stats.add(copied.complete(element(amp, result), amp));
        }
        previousTicks = ticks;
        previousMonoNs = sample.getMonoTimeNs();
        return Optional.of(stats);
    }

    private static ObjectNode element(Amp amp, String result) {
        ObjectNode a = JSON.objectNode();
        a.put("key", "name");
        a.put("name", amp.getName());
        if (result == null) {
            a.putNull("result");
        } else {
            a.put("result", result);
        }
        if (amp.getRefresh() > 0) {
            a.put("refresh", amp.getRefresh());
        } else {
            a.putNull("refresh");
        }
        a.put("timer", amp.getTimer());
        a.put("count", amp.getCount());
        if (amp.hasCountmin()) {
            a.put("countmin", amp.getCountmin());
        } else {
            a.putNull("countmin");
        }
        if (amp.hasCountmax()) {
            a.put("countmax", amp.getCountmax());
        } else {
            a.putNull("countmax");
        }
        a.put("regex", amp.getRegex());
        return a;
    }

    /** Glances' default AMP result: summed CPU and memory percentages of the matching processes. */
    private String usage(Amp amp, Map<Integer, Process> processes, ProcessTable table, double seconds) {
        double cpu = 0;
        double memory = 0;
        for (int pid : amp.getPidsList()) {
            Process process = processes.get(pid);
            if (process == null) {
                continue;
            }
            Ticks before = previousTicks.get(pid);
            if (before != null && before.startTime() == process.getStartTime() && seconds > 0
                    && table.getClockTicks() > 0) {
                long delta = process.getUtime() + process.getStime() - before.cpu();
                cpu += Math.max(0, delta) / (double) table.getClockTicks() / seconds * 100;
            }
            if (table.getMemTotal() > 0) {
                memory += (double) process.getRss() / table.getMemTotal() * 100;
            }
        }
        return "CPU: " + oneDecimal(cpu) + "% | MEM: " + oneDecimal(memory) + "%";
    }

    /** Python's {@code '{:.1f}'}: the exact binary value rounded half to even. */
    static String oneDecimal(double value) {
        return new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
