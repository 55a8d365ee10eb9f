package io.fleetglance.common.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.events.Level;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The colours Glances computes only while drawing its own screens, never in API views: per-process CPU, memory,
 * nice and status, per-CPU usage, folder sizes and port scans. Glances' API serves {@code DEFAULT} for these fields
 * (and so do {@link HostAlerts}' views); a user interface that wants Glances' colours asks here. Nothing here is
 * logged or counts toward the global message.
 */
public final class DisplayAlerts {

    private static final List<Integer> WEB_OK = List.of(200, 301, 302);
    private static final double MEGABYTE = 1_000_000;

    private final Map<String, Limits> limits;

    DisplayAlerts(Map<String, Limits> limits) {
        this.limits = limits;
    }

    private PluginAlerts alerts(String plugin) {
        return new PluginAlerts(limits.get(plugin), new ThresholdStates(), PluginAlerts.EventLog.NONE);
    }

    /** A process's {@code cpu_percent} against {@code [processlist] cpu_*}. */
    public String processCpu(JsonNode process) {
        return alerts("processlist").alert(process.get("cpu_percent"), "cpu");
    }

    /** A process's {@code memory_percent} against {@code [processlist] mem_*}. */
    public String processMemory(JsonNode process) {
        return alerts("processlist").alert(process.get("memory_percent"), "mem");
    }

    /** A process's nice value, looked up in the {@code nice_critical}, {@code nice_warning}… value lists. */
    public String processNice(JsonNode process) {
        String value = process.path("nice").asText();
        String level = listed("nice", value);
        return level != null ? level : Level.DEFAULT;
    }

    /** A process's status letter, looked up in the {@code status_*} lists; R is OK when no list names it. */
    public String processStatus(JsonNode process) {
        String value = process.path("status").asText();
        String level = listed("status", value);
        if (level != null) {
            return level;
        }
        return value.equals("R") ? Level.OK.name() : Level.DEFAULT;
    }

    private String listed(String prefix, String value) {
        Limits processlist = limits.get("processlist");
        for (String level : List.of("critical", "warning", "careful", "ok")) {
            if (processlist.list(prefix + "_" + level).orElse(List.of()).contains(value)) {
                return level.toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** One CPU's {@code user}, {@code system} or {@code iowait} against {@code [percpu] <field>_*}. */
    public String percpu(JsonNode cpu, String field) {
        return alerts("percpu").alert(cpu.get(field), field);
    }

    /**
     * A folder's size against its own thresholds in MB (strictly above); {@code ERROR} when the size could not be
     * read.
     */
    public String folder(JsonNode folder) {
        if (folder.path("errno").asInt(0) != 0) {
            return "ERROR";
        }
        double size = folder.path("size").asDouble(0);
        for (Level level : List.of(Level.CRITICAL, Level.WARNING, Level.CAREFUL)) {
            JsonNode threshold = folder.get(level.name().toLowerCase(Locale.ROOT));
            if (threshold != null && !threshold.isNull() && size > threshold.asDouble() * MEGABYTE) {
                return level.name();
            }
        }
        return Level.OK.name();
    }

    /**
     * A port or URL scan: CAREFUL while scanning, CRITICAL when closed, timed out or answering an unexpected HTTP
     * code, WARNING when slower than its {@code rtt_warning}; the most severe applies.
     */
    public String port(JsonNode port) {
        JsonNode status = port.get("status");
        boolean scanning = status == null || status.isNull();
        JsonNode rttWarning = port.get("rtt_warning");
        boolean hasRttWarning = rttWarning != null && !rttWarning.isNull();
        boolean critical;
        boolean warning;
        if (port.has("url")) {
            critical = !scanning && !(status.isIntegralNumber() && WEB_OK.contains(status.asInt()));
            warning = hasRttWarning && port.path("elapsed").asDouble(0) > rttWarning.asDouble();
        } else {
            double value = scanning ? Double.NaN : status.isBoolean() ? (status.asBoolean() ? 1 : 0)
                    : status.asDouble(Double.NaN);
            critical = !scanning && value == 0;
            warning = !scanning && !Double.isNaN(value) && hasRttWarning && value > rttWarning.asDouble();
        }
        if (critical) {
            return Level.CRITICAL.name();
        }
        if (warning) {
            return Level.WARNING.name();
        }
        return scanning ? Level.CAREFUL.name() : Level.OK.name();
    }
}
