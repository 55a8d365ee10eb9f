package io.fleetglance.common.alerts;

import io.fleetglance.common.events.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last level each stat reached on one host (Glances' {@code glances_thresholds}), and the global alert message
 * Glances derives from them for its events.
 */
public final class ThresholdStates {

    /** The message when no cause stands out. */
    public static final String NO_CAUSE = "EVENTS history";

    private record Cause(String message, List<String> stats) {
    }

    // Glances' decision tree, in its order: on equal weights the first cause wins
    private static final List<Cause> CAUSES = List.of(
            new Cause("High CPU user mode", List.of("cpu_user")),
            new Cause("High CPU kernel usage", List.of("cpu_system")),
            new Cause("High CPU I/O waiting", List.of("cpu_iowait")),
            new Cause("Large CPU stolen time. System running the hypervisor is too busy.", List.of("cpu_steal")),
            new Cause("High CPU niced value", List.of("cpu_niced")),
            new Cause("System overloaded in the last 5 minutes", List.of("load")),
            new Cause("High swap (paging) usage", List.of("memswap")),
            new Cause("High memory consumption", List.of("mem")));
    private static final int MIN_WEIGHT = Level.WARNING.weight();

    private final Map<String, Level> levels = new HashMap<>();

    /** Records the level a stat just reached; {@code DEFAULT} (no thresholds) records nothing, as in Glances. */
    public void record(String statName, String decoration) {
        Level.ofDecoration(decoration).ifPresent(level -> levels.put(statName, level));
    }

    /** The last level recorded for a stat, or null. */
    public Level level(String statName) {
        return levels.get(statName);
    }

    /**
     * The cause whose stats weigh most (OK 0 … CRITICAL 3, summed), when that weight reaches WARNING; else
     * {@value #NO_CAUSE}.
     */
    public String globalMessage() {
        Cause best = null;
        int bestWeight = 0;
        for (Cause cause : CAUSES) {
            int weight = 0;
            for (String stat : cause.stats()) { // a loop, not a stream: this runs at every threshold check
                Level level = levels.get(stat);
                weight += level == null ? 0 : level.weight();
            }
            if (weight > bestWeight) {
                best = cause;
                bestWeight = weight;
            }
        }
        return best != null && bestWeight >= MIN_WEIGHT ? best.message() : NO_CAUSE;
    }
}
