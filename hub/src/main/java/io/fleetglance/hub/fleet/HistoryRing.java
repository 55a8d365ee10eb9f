package io.fleetglance.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.fleetglance.hub.store.PointCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The last {@code capacity} points of one history series: (time, value), oldest dropped first. Held compressed, as
 * time-series databases hold their recent data: blocks of {@link #BLOCK} points, each a byte stream appended to point
 * by point (times as deltas of deltas, values as differences from the one before: integers, and decimals as integers
 * times a power of ten; other doubles as the XOR of their bits), so that a typical point takes 3 to 4 bytes rather
 * than an object, or 16 bytes in primitive columns. The oldest block goes once the points after it fill the capacity.
 * Each value keeps its JSON kind (an int stays an int) and reads back exactly.
 */
public final class HistoryRing {

    /** One history point: epoch microseconds and the value as Glances stores it. */
    public record Point(long timeUs, JsonNode value) {
    }

    static final int BLOCK = 120;

    private static final int NULL = 0;
    private static final int TRUE = 1;
    private static final int FALSE = 2;
    private static final int LONG = 3;
    private static final int DOUBLE = 4;
    /** {@code DECIMAL + k}: a double that is an integer divided by 10^k, exactly. */
    private static final int DECIMAL = 5;
    private static final int NEW_KIND = 1;

    private final int capacity;
    /** Sealed blocks of exactly {@link #BLOCK} points, oldest first. */
    private final ArrayDeque<byte[]> sealed = new ArrayDeque<>();
    /** The block being written, and how many of its bytes and points are used. */
    private byte[] open = new byte[32];
    private int openBytes;
    private int openPoints;
    /** Points held in all blocks, of which the oldest {@code held - size} are past the capacity. */
    private int held;
    // the open block's encoder state: the last time, its delta, the last kind and value (long or bits)
    private long lastTime;
    private long lastDelta;
    private int lastKind;
    private long lastValue;

    public HistoryRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(long timeUs, JsonNode value) {
        if (openPoints == BLOCK) {
            sealed.addLast(Arrays.copyOf(open, openBytes));
            // the next block will likely take as much
            open = new byte[openBytes + 16];
            openBytes = 0;
            openPoints = 0;
            // the oldest block goes once the points after it are enough
            while (!sealed.isEmpty() && held - BLOCK >= capacity) {
                sealed.removeFirst();
                held -= BLOCK;
            }
        }
        if (openPoints == 0) {
            signed(timeUs);
            lastDelta = 0;
        } else {
            long delta = timeUs - lastTime;
            signed(delta - lastDelta);
            lastDelta = delta;
        }
        lastTime = timeUs;
        encodeValue(value, openPoints == 0);
        openPoints++;
        held++;
    }

    private void encodeValue(JsonNode value, boolean first) {
        int kind;
        long v;
        if (value == null || value.isNull()) {
            kind = NULL;
            v = 0;
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            kind = LONG;
            v = value.longValue();
        } else if (value.isBoolean()) {
            kind = value.booleanValue() ? TRUE : FALSE;
            v = 0;
        } else {
            double d = value.asDouble();
            // the scale of the value before when it holds this one exactly, else the smallest that does
            int from = !first && lastKind >= DECIMAL ? lastKind - DECIMAL : 0;
            int k = PointCodec.decimalScale(d, from);
            if (k < 0 && from > 0) {
                k = PointCodec.decimalScale(d, 0);
            }
            kind = k < 0 ? DOUBLE : DECIMAL + k;
            v = k < 0 ? Double.doubleToRawLongBits(d) : PointCodec.scaled(d, k);
        }
        // the same kind: an even varint, the difference (or XOR) from the value before, when it fits in 63 bits
        long change = kind == DOUBLE ? v ^ lastValue : PointCodec.zigzag(v - lastValue);
        if (!first && kind == lastKind && change >>> 63 == 0) {
            varint(change << 1);
        } else {
            // a new kind: an odd varint naming it, then the value whole
            varint(((long) kind << 1) | NEW_KIND);
            if (kind == DOUBLE) {
                varint(v);
            } else if (kind == LONG || kind >= DECIMAL) {
                signed(v);
            }
        }
        lastKind = kind;
        lastValue = v;
    }

    public synchronized int size() {
        return Math.min(held, capacity);
    }

    /**
     * The points Glances returns for {@code nb}: all of them for 0, the last {@code nb} for a positive one, and for a
     * negative one Python's {@code [-nb:]}, i.e. all but the first {@code |nb|}.
     */
    public synchronized List<Point> last(int nb) {
        int size = size();
        int from;
        if (nb == 0) {
            from = 0;
        } else if (nb > 0) {
            from = Math.max(0, size - nb);
        } else {
            from = Math.min(size, -(long) nb > size ? size : -nb);
        }
        int wanted = size - from;
        List<Point> out = new ArrayList<>(wanted);
        if (wanted == 0) {
            return out;
        }
        // only the newest blocks that hold the points wanted
        int blocks = 0;
        int points = openPoints;
        Iterator<byte[]> newestFirst = sealed.descendingIterator();
        while (points < wanted && newestFirst.hasNext()) {
            newestFirst.next();
            blocks++;
            points += BLOCK;
        }
        int skip = points - wanted;
        Iterator<byte[]> it = sealed.iterator();
        for (int i = 0; i < sealed.size() - blocks; i++) {
            it.next();
        }
        while (it.hasNext()) {
            byte[] block = it.next();
            skip = decode(block, block.length, BLOCK, skip, out);
        }
        decode(open, openBytes, openPoints, skip, out);
        return out;
    }

    /** Decodes a block's points into {@code out}, leaving out the first {@code skip}; returns what is left to skip. */
    private static int decode(byte[] block, int bytes, int count, int skip, List<Point> out) {
        int[] pos = {0};
        long time = 0;
        long delta = 0;
        int kind = NULL;
        long value = 0;
        for (int i = 0; i < count; i++) {
            if (i == 0) {
                time = PointCodec.unzigzag(varint(block, pos));
            } else {
                delta += PointCodec.unzigzag(varint(block, pos));
                time += delta;
            }
            long head = varint(block, pos);
            if ((head & NEW_KIND) != 0) {
                kind = (int) (head >>> 1);
                if (kind == DOUBLE) {
                    value = varint(block, pos);
                } else if (kind == LONG || kind >= DECIMAL) {
                    value = PointCodec.unzigzag(varint(block, pos));
                } else {
                    value = 0;
                }
            } else if (kind == DOUBLE) {
                value ^= head >>> 1;
            } else {
                value += PointCodec.unzigzag(head >>> 1);
            }
            if (skip > 0) {
                skip--;
                continue;
            }
            out.add(new Point(time, node(kind, value)));
        }
        if (pos[0] != bytes) {
            throw new IllegalStateException("a history block decoded to " + pos[0] + " of its " + bytes + " bytes");
        }
        return skip;
    }

    private static JsonNode node(int kind, long value) {
        return switch (kind) {
            case NULL -> NullNode.instance;
            case TRUE -> BooleanNode.TRUE;
            case FALSE -> BooleanNode.FALSE;
            case LONG -> LongNode.valueOf(value);
            case DOUBLE -> DoubleNode.valueOf(Double.longBitsToDouble(value));
            default -> DoubleNode.valueOf(PointCodec.unscaled(value, kind - DECIMAL));
        };
    }

    /** Bytes the points take (blocks, and the open block's buffer), for benchmarks. */
    synchronized long bytes() {
        long total = open.length;
        for (byte[] b : sealed) {
            total += b.length;
        }
        return total;
    }

    private void signed(long v) {
        varint(PointCodec.zigzag(v));
    }

    private void varint(long v) {
        if (openBytes + 10 > open.length) {
            open = Arrays.copyOf(open, open.length * 2);
        }
        while ((v & ~0x7FL) != 0) {
            open[openBytes++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        open[openBytes++] = (byte) v;
    }

    private static long varint(byte[] b, int[] pos) {
        return PointCodec.readVarint(b, pos, "a history block");
    }
}
