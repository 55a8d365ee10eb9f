package io.fleetglance.common.derive;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Glances' min/max/mean tracking of one field ({@code mmm}): minimum and maximum over every value seen, mean over the
 * last {@value #WINDOW} values rounded to two decimals.
 */
final class MinMaxMean {

    /** Glances keeps this many values for the mean (about a day at one sample a second). */
    static final int WINDOW = 28800;

    private final Deque<Double> window = new ArrayDeque<>();
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double sum;

    /** What Glances reports after one more value. */
    record Summary(double min, double max, double mean) {
    }

    Summary add(double value) {
        window.addLast(value);
        if (Double.isNaN(min) || value < min) {
            min = value;
        }
        if (Double.isNaN(max) || value > max) {
            max = value;
        }
        if (window.size() > WINDOW) {
            window.removeFirst();
            // Python sums the list from its first element; once the oldest value is dropped the running sum would
            // round differently, so add the window up again in order.
            sum = 0;
            for (double v : window) {
                sum += v;
            }
        } else {
            // Appending keeps the left-to-right order of Python's sum(list).
            sum += value;
        }
        return new Summary(min, max, PythonFloats.round(sum / window.size(), 2));
    }
}
