package io.fleetglance.common.derive;

import io.fleetglance.proto.Sample;

/** The number of logical CPUs Glances reports as {@code cpucore}, taken from what the sample carries. */
final class LogicalCores {

    private LogicalCores() {
    }

    /**
     * The core reading's logical count; else the number of CPUs in the per-CPU reading; else 1, which is what Glances
     * falls back to when it cannot count the cores.
     */
    static int of(Sample sample) {
        if (sample.hasCore() && sample.getCore().getLog() > 0) {
            return sample.getCore().getLog();
        }
        if (sample.hasPercpu() && sample.getPercpu().getCpusCount() > 0) {
            return sample.getPercpu().getCpusCount();
        }
        return 1;
    }
}
