package io.fleetglance.common.derive;

import java.util.HashMap;
import java.util.Map;

/**
 * What each item of a list plugin (a disk, an interface, an interrupt line) counted in the host's previous sample,
 * matched by name, and when that sample was taken: the other half of every per-item rate.
 *
 * <p>A sample is read between {@link #startSample} and {@link #endSample}; only then do its counters become the
 * previous ones, so a derivation that gives up on a sample leaves them as they were.
 *
 * @param <C> the counters of one item
 */
final class PreviousCounters<C> {

    private Map<String, C> previous;
    private long previousMonoNs;
    private Map<String, C> seen = new HashMap<>();

    /** Starts reading a sample taken at {@code monoNs}; answers the seconds since the previous sample. */
    double startSample(long monoNs) {
        seen = new HashMap<>();
        return CounterRates.secondsBetween(previousMonoNs, monoNs);
    }

    /** Whether the sample being read is the first: none has been read to its end before. */
    boolean firstSample() {
        return previous == null;
    }

    /**
     * Keeps {@code counters} as what {@code name} counts in this sample, and answers what it counted in the previous
     * one, or null when it was not there (or there was none).
     */
    C exchange(String name, C counters) {
        seen.put(name, counters);
        return previous == null ? null : previous.get(name);
    }

    /** Ends the sample taken at {@code monoNs}: its counters become the previous ones. */
    void endSample(long monoNs) {
        previous = seen;
        previousMonoNs = monoNs;
    }
}
