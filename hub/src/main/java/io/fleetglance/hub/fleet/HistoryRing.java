package io.fleetglance.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} points of one history series: (time, value), oldest dropped first. */
public final class HistoryRing {

    /** One history point: epoch microseconds and the value as Glances stores it. */
    public record Point(long timeUs, JsonNode value) {
    }

    private final long[] times;
    private final JsonNode[] values;
    private int start;
    private int size;

    public HistoryRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1, got " + capacity);
        }
        this.times = new long[capacity];
        this.values = new JsonNode[capacity];
    }

    public synchronized void add(long timeUs, JsonNode value) {
        int capacity = times.length;
        int slot = (start + size) % capacity;
        times[slot] = timeUs;
        values[slot] = value;
        if (size < capacity) {
            size++;
        } else {
            start = (start + 1) % capacity;
        }
    }

    public synchronized int size() {
        return size;
    }

    /**
     * The points Glances returns for {@code nb}: all of them for 0, the last {@code nb} for a positive one, and for a
     * negative one Python's {@code [-nb:]}, i.e. all but the first {@code |nb|}.
     */
    public synchronized List<Point> last(int nb) {
        int from;
        if (nb == 0) {
            from = 0;
        } else if (nb > 0) {
            from = Math.max(0, size - nb);
        } else {
            from = Math.min(size, -(long) nb > size ? size : -nb);
        }
        List<Point> out = new ArrayList<>(size - from);
        for (int i = from; i < size; i++) {
            int slot = (start + i) % times.length;
            out.add(new Point(times[slot], values[slot]));
        }
        return out;
    }
}
