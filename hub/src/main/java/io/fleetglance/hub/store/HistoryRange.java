package io.fleetglance.hub.store;

import java.util.List;
import java.util.Map;

/**
 * A plugin's history over a time range, from one tier.
 *
 * @param tier   {@code raw}, {@code minute} or {@code hour}
 * @param stepUs the width of each bucket in microseconds
 * @param series item → buckets, oldest first; empty buckets are left out
 */
public record HistoryRange(String tier, long stepUs, Map<String, List<Bucket>> series) {

    /** The values of one series that fell in {@code [startUs, startUs + step)}. */
    public record Bucket(long startUs, double min, double avg, double max, long count) {
    }
}
