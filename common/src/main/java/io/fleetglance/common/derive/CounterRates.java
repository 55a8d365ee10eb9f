package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Glances' rate machinery ({@code _manage_rate}) for one stats object. Each rate field becomes the delta since the
 * previous reading, with {@code <f>_gauge} (the cumulative counter), {@code <f>_rate_per_sec}
 * ({@code delta // seconds}, a float) and the plugin's {@code time_since_update}.
 *
 * <p>Unlike Glances, which needs two updates before it has a previous counter, the hub has the previous raw reading,
 * so real deltas start with a host's second sample. The zero branches keep Glances' behaviour and JSON types: a
 * counter at 0 now or before gives delta 0 and an int rate 0. A counter that went backwards (the host rebooted) and an
 * interval that is not positive also give 0, where Glances would give a negative or meaningless rate.
 */
final class CounterRates {

    private CounterRates() {
    }

    /**
     * Writes the rate fields into {@code stats}, in the iteration order of {@code current}. A field already in
     * {@code stats} keeps its position; the extra fields are appended as Glances appends them.
     *
     * @param current  cumulative counters of this reading, by field name
     * @param previous cumulative counters of the previous reading, or null on the first reading: the counters are then
     *                 written as they are, with no extra field (as Glances' very first update)
     * @param seconds  time between the two readings; a value that is not positive is reported as 0
     */
    static void apply(ObjectNode stats, Map<String, Long> current, Map<String, Long> previous, double seconds) {
        if (previous == null) {
            current.forEach((field, value) -> stats.set(field, JsonNumbers.integer(value)));
            return;
        }
        double interval = seconds > 0 ? seconds : 0.0;
        current.forEach((field, value) -> {
            stats.set("time_since_update", JsonNumbers.real(interval));
            stats.set(field + "_gauge", JsonNumbers.integer(value));
            Long before = previous.get(field);
            long delta = before == null ? 0 : value - before;
            boolean measurable = before != null && value != 0 && before != 0 && interval > 0 && delta >= 0;
            if (measurable) {
                stats.set(field, JsonNumbers.integer(delta));
                stats.set(field + "_rate_per_sec", JsonNumbers.real(PythonFloats.floorDiv(delta, interval)));
            } else {
                stats.set(field, IntNode.valueOf(0));
                stats.set(field + "_rate_per_sec", IntNode.valueOf(0));
            }
        });
    }

    /** Seconds between two readings of the agent's monotonic clock. */
    static double secondsBetween(long previousMonoNs, long currentMonoNs) {
        return (currentMonoNs - previousMonoNs) / 1e9;
    }
}
