package io.fleetglance.common.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code glances.conf} keys Glances reads as numbers or booleans, and the check that their values are. Keys
 * Glances reads as text or lists (hide, show, alias, nice and status levels…) are not checked.
 */
final class ConfigRules {

    private enum Kind {
        NUMBER, WHOLE, BOOLEAN
    }

    private static final Set<String> PLUGIN_SECTIONS = Set.of("alert", "amps", "cloud", "connections", "containers",
            "core", "cpu", "diskio", "folders", "fs", "gpu", "hddtemp", "help", "ip", "irq", "load", "mem", "memswap",
            "mpp", "network", "now", "npu", "percpu", "ports", "processcount", "processlist", "programlist",
            "psutilversion", "quicklook", "raid", "sensors", "smart", "system", "uptime", "version", "vms", "wifi");

    private static final Pattern THRESHOLD = Pattern.compile("(?:^|_)(?:careful|warning|critical)$");
    // [processlist] nice_* and status_* levels are lists of values, not numbers
    private static final Pattern CATEGORICAL = Pattern.compile("^(?:nice|status)_");

    private static final Map<String, Kind> SPECIFIC = Map.ofEntries(
            Map.entry("global.refresh", Kind.NUMBER),
            Map.entry("global.history_size", Kind.NUMBER),
            Map.entry("global.check_update", Kind.BOOLEAN),
            Map.entry("outputs.max_processes_display", Kind.WHOLE),
            Map.entry("outputs.cors_credentials", Kind.BOOLEAN),
            Map.entry("outputs.separator", Kind.BOOLEAN),
            Map.entry("alert.max_events", Kind.WHOLE),
            Map.entry("alert.min_duration", Kind.WHOLE),
            Map.entry("alert.min_interval", Kind.WHOLE),
            Map.entry("percpu.max_cpu_display", Kind.WHOLE),
            Map.entry("network.hide_zero", Kind.BOOLEAN),
            Map.entry("network.hide_no_up", Kind.BOOLEAN),
            Map.entry("network.hide_no_ip", Kind.BOOLEAN),
            Map.entry("network.hide_threshold_bytes", Kind.WHOLE),
            Map.entry("diskio.hide_zero", Kind.BOOLEAN),
            Map.entry("diskio.hide_threshold_bytes", Kind.WHOLE),
            Map.entry("ip.public_disabled", Kind.BOOLEAN),
            Map.entry("ip.public_refresh_interval", Kind.NUMBER),
            Map.entry("ports.port_default_gateway", Kind.BOOLEAN),
            Map.entry("containers.all", Kind.BOOLEAN),
            Map.entry("containers.max_name_size", Kind.WHOLE),
            Map.entry("vms.all", Kind.BOOLEAN),
            Map.entry("vms.max_name_size", Kind.WHOLE),
            Map.entry("hddtemp.port", Kind.WHOLE));

    private ConfigRules() {
    }

    /** configparser's boolean words, case-insensitive. */
    static Optional<Boolean> parseBoolean(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Optional.of(true);
            case "false", "no", "off", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** Fails with the file, line and key when a value does not have the type Glances reads it with. */
    static void check(String source, String section, String key, String value, int line) {
        Kind kind = kindOf(section, key);
        if (kind == null) {
            return;
        }
        boolean ok = switch (kind) {
            case NUMBER -> PythonNumbers.parseFloat(value).isPresent();
            case WHOLE -> PythonNumbers.parseInt(value).isPresent();
            case BOOLEAN -> parseBoolean(value).isPresent();
        };
        if (!ok) {
            String expected = switch (kind) {
                case NUMBER -> "a number";
                case WHOLE -> "a whole number";
                case BOOLEAN -> "a boolean (true or false)";
            };
            throw new ConfigException(source, line, key,
                    "[" + section + "] " + key + "=" + value + " is not " + expected);
        }
    }

    private static Kind kindOf(String section, String key) {
        Kind specific = SPECIFIC.get(section + "." + key);
        if (specific != null) {
            return specific;
        }
        if (section.startsWith("amp_")) {
            return switch (key) {
                case "enable", "one_line" -> Kind.BOOLEAN;
                case "refresh", "countmin", "countmax" -> Kind.NUMBER;
                default -> null;
            };
        }
        if (!PLUGIN_SECTIONS.contains(section)) {
            return null;
        }
        if (key.equals("disable") || key.equals("log") || key.endsWith("_log")) {
            return Kind.BOOLEAN;
        }
        if (key.equals("refresh") || key.endsWith("_refresh") || key.equals("timeout") || key.endsWith("_timeout")) {
            return Kind.NUMBER;
        }
        if (THRESHOLD.matcher(key).find() && !(section.equals("processlist") && CATEGORICAL.matcher(key).find())) {
            return Kind.NUMBER;
        }
        return null;
    }
}
