package io.fleetglance.common.config;

import java.util.List;

/**
 * The keys Glances' {@code Config.sections_set_default()} gives every configuration where they are missing, in the
 * order Glances adds them. Two of them depend on the host's CPU count: the I/O wait limits (a host is I/O bound when
 * one CPU's worth of time waits) and the context switch limits (50000 per CPU).
 */
final class ConfigDefaults {

    /** Receives one default: set {@code key} in {@code section} unless the file already has it. */
    @FunctionalInterface
    interface Sink {
        void setDefault(String section, String key, String value);
    }

    private static final List<String> CWC = List.of("50", "70", "90");

    private ConfigDefaults() {
    }

    static void apply(int logicalCpus, Sink sink) {
        if (logicalCpus < 1) {
            throw new IllegalArgumentException("a host has at least one CPU, got " + logicalCpus);
        }
        sink.setDefault("global", "strftime_format", "");
        sink.setDefault("global", "check_update", "true");

        cwc(sink, "quicklook", "cpu", CWC);
        cwc(sink, "quicklook", "mem", CWC);
        cwc(sink, "quicklook", "swap", CWC);

        cwc(sink, "cpu", "user", CWC);
        cwc(sink, "cpu", "system", CWC);
        cwc(sink, "cpu", "steal", CWC);
        // Same float arithmetic as Glances, so that the strings (served by /config) are the same too.
        double iowait = (1.0 / logicalCpus) * 100.0;
        cwc(sink, "cpu", "iowait", floats(iowait - iowait * 0.20, iowait - iowait * 0.10, iowait));
        double ctxSwitches = (500000 * 0.10) * logicalCpus;
        cwc(sink, "cpu", "ctx_switches",
                floats(ctxSwitches - ctxSwitches * 0.20, ctxSwitches - ctxSwitches * 0.10, ctxSwitches));

        cwc(sink, "percpu", "user", CWC);
        cwc(sink, "percpu", "system", CWC);

        cwc(sink, "load", null, List.of("0.7", "1.0", "5.0"));
        cwc(sink, "mem", null, CWC);
        cwc(sink, "memswap", null, CWC);
        cwc(sink, "network", "rx", CWC);
        cwc(sink, "network", "tx", CWC);
        cwc(sink, "fs", null, CWC);
        cwc(sink, "sensors", "temperature_hdd", List.of("45", "52", "60"));
        cwc(sink, "sensors", "battery", List.of("70", "80", "90"));
        cwc(sink, "processlist", "cpu", CWC);
        cwc(sink, "processlist", "mem", CWC);
    }

    private static List<String> floats(double careful, double warning, double critical) {
        return List.of(PythonNumbers.repr(careful), PythonNumbers.repr(warning), PythonNumbers.repr(critical));
    }

    private static void cwc(Sink sink, String section, String header, List<String> values) {
        String prefix = header == null ? "" : header + "_";
        sink.setDefault(section, prefix + "careful", values.get(0));
        sink.setDefault(section, prefix + "warning", values.get(1));
        sink.setDefault(section, prefix + "critical", values.get(2));
    }
}
