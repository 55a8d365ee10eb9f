package io.fleetglance.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} points of one history series: (time, value), oldest dropped first. Held in primitive
 * columns (times, value bits, a 2-bit kind per point) rather than one JSON node per point, so that a hub can keep
 * Glances' full window for thousands of hosts; each value keeps its JSON kind (an int stays an int) for exact output.
 */
public final class HistoryRing {

    /** One history point: epoch microseconds and the value as Glances stores it. */
    public record Point(long timeUs, JsonNode value) {
    }

    static final int NULL = 0;
    static final int LONG = 1;
    static final int DOUBLE = 2;
    static final int BOOLEAN = 3;

    private final long[] times;
    private final long[] bits;
    /** Two bits per point: its kind. */
    private final long[] kinds;
    private int start;
    private int size;

    public HistoryRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1, got " + capacity);
        }
        this.times = new long[capacity];
        this.bits = new long[capacity];
        this.kinds = new long[(capacity + 31) / 32];
    }

    public synchronized void add(long timeUs, JsonNode value) {
        int capacity = times.length;
        int slot = (start + size) % capacity;
        times[slot] = timeUs;
        int kind;
        if (value == null || value.isNull()) {
            kind = NULL;
            bits[slot] = 0;
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            kind = LONG;
            bits[slot] = value.longValue();
        } else if (value.isBoolean()) {
            kind = BOOLEAN;
            bits[slot] = value.booleanValue() ? 1 : 0;
        } else {
            kind = DOUBLE;
            bits[slot] = Double.doubleToRawLongBits(value.asDouble());
        }
        int word = slot >>> 5;
        int shift = (slot & 31) * 2;
        kinds[word] = (kinds[word] & ~(3L << shift)) | ((long) kind << shift);
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
            out.add(new Point(times[slot], value(slot)));
        }
        return out;
    }

    private JsonNode value(int slot) {
        int kind = (int) (kinds[slot >>> 5] >>> ((slot & 31) * 2)) & 3;
        return switch (kind) {
            case LONG -> LongNode.valueOf(bits[slot]);
            case DOUBLE -> DoubleNode.valueOf(Double.longBitsToDouble(bits[slot]));
            case BOOLEAN -> BooleanNode.valueOf(bits[slot] != 0);
            default -> NullNode.instance;
        };
    }
}
