package io.fleetglance.common.derive;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What each item of a list plugin (a disk, an interface, an interrupt line) counted in the host's previous sample,
 * matched by name, and when that sample was taken: the other half of every per-item rate.
 *
 * <p>A sample is read between {@link #startSample} and {@link #endSample}; only then do its counters become the
 * previous ones, so a derivation that gives up on a sample leaves them as they were.
 *
 * <p>Items come in the same order from one sample to the next (the agent reads them in the kernel's order), so each
 * lookup first tries the item after the last one found; a name index is built only when that misses. Two pairs of
 * arrays, swapped at each sample: no map entry per item per sample.
 *
 * @param <C> the counters of one item
 */
final class PreviousCounters<C> {

    private boolean any;
    private long previousMonoNs;
    private String[] previousNames = new String[0];
    private Object[] previousCounters = new Object[0];
    private int previousSize;
    /** Name to index in the previous sample (the last one of a name listed twice), built on the first miss. */
    private Map<String, Integer> previousIndex;
    private String[] names = new String[8];
    private Object[] counters = new Object[8];
    private int size;
    private int next;

    /** Starts reading a sample taken at {@code monoNs}; answers the seconds since the previous sample. */
    double startSample(long monoNs) {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(counters, 0, size, null);
        size = 0;
        next = 0;
        return CounterRates.secondsBetween(previousMonoNs, monoNs);
    }

    /** Whether the sample being read is the first: none has been read to its end before. */
    boolean firstSample() {
        return !any;
    }

    /**
     * Keeps {@code counters} as what {@code name} counts in this sample, and answers what it counted in the previous
     * one, or null when it was not there (or there was none).
     */
    @SuppressWarnings("unchecked")
    C exchange(String name, C itemCounters) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            counters = Arrays.copyOf(counters, size * 2);
        }
        names[size] = name;
        counters[size++] = itemCounters;
        if (!any) {
            return null;
        }
        int at = next < previousSize && previousNames[next].equals(name) && previousIndex == null ? next : -1;
        if (at < 0) {
            Integer indexed = index().get(name);
            if (indexed == null) {
                return null;
            }
            at = indexed;
        }
        next = at + 1;
        return (C) previousCounters[at];
    }

    private Map<String, Integer> index() {
        if (previousIndex == null) {
            previousIndex = new HashMap<>();
            for (int i = 0; i < previousSize; i++) {
                previousIndex.put(previousNames[i], i);
            }
        }
        return previousIndex;
    }

    /** Ends the sample taken at {@code monoNs}: its counters become the previous ones. */
    void endSample(long monoNs) {
        String[] freeNames = previousNames;
        Object[] freeCounters = previousCounters;
        Arrays.fill(freeNames, 0, previousSize, null);
        Arrays.fill(freeCounters, 0, previousSize, null);
        previousNames = names;
        previousCounters = counters;
        previousSize = size;
        previousIndex = null;
        names = freeNames.length > 0 ? freeNames : new String[8];
        counters = freeCounters.length > 0 ? freeCounters : new Object[8];
        size = 0;
        any = true;
        previousMonoNs = monoNs;
    }
}
