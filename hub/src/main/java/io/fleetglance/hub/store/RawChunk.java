package io.fleetglance.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The raw samples of one host over one window, compacted into one blob, as time-series stores keep their chunks: the
 * times as deltas of deltas, then each series as a column over the window, a kind per cell (a run of equal kinds
 * costs next to nothing) and the values as differences from the cell before (integers, and decimals as integers
 * times a power of ten: Glances' figures have a few decimals at most; other doubles as the XOR of their bits with the
 * value before), all deflated. A value reads back exactly as {@link SampleBlob} gave it.
 */
final class RawChunk {

    private static final int VERSION = 1;
    private static final int ABSENT = 0;
    private static final int NULL = 1;
    private static final int TRUE = 2;
    private static final int FALSE = 3;
    private static final int LONG = 4;
    private static final int DOUBLE = 5;
    /** {@code DECIMAL + k}: a double that is an integer divided by 10^k, exactly. */
    private static final int DECIMAL = 8;

    /** A point read back: its sample's time, its series id and its value. */
    @FunctionalInterface
    interface PointVisitor {
        void point(long timeUs, int seriesId, JsonNode value);
    }

    private RawChunk() {
    }

    /** Compacts samples (their times ascending, each a {@link SampleBlob}) into one chunk. */
    static byte[] encode(long[] times, List<byte[]> blobs) {
        int n = times.length;
        // series id -> its column: a tag and a value (long bits) per sample
        Map<Integer, long[][]> columns = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int at = i;
            SampleBlob.read(blobs.get(i), (value, sid) -> {
                long[][] column = columns.computeIfAbsent(sid, k -> new long[2][n]);
                cell(value, column, at);
            });
        }
        columns.values().forEach(RawChunk::oneScale);
        Bytes out = new Bytes();
        out.varint(n);
        out.varint(columns.size());
        long previous = 0;
        long delta = 0;
        for (int i = 0; i < n; i++) {
            long d = times[i] - previous;
            out.signed(i == 0 ? times[0] : d - delta);
            delta = i == 0 ? 0 : d;
            previous = times[i];
        }
        for (Map.Entry<Integer, long[][]> e : columns.entrySet()) {
            long[] tags = e.getValue()[0];
            long[] values = e.getValue()[1];
            out.varint(e.getKey());
            for (int i = 0; i < n; i++) {
                out.write((int) tags[i]);
            }
            for (int i = 0; i < n; i++) {
                int tag = (int) tags[i];
                boolean sameKind = i > 0 && tags[i - 1] == tag;
                long before = sameKind ? values[i - 1] : 0;
                if (tag == LONG || tag >= DECIMAL) {
                    out.signed(values[i] - before);
                } else if (tag == DOUBLE) {
                    long x = values[i] ^ before;
                    for (int b = 56; b >= 0; b -= 8) {
                        out.write((int) (x >>> b));
                    }
                }
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(out.array(), 0, out.size());
            deflater.finish();
            ByteArrayOutputStream packed = new ByteArrayOutputStream(out.size() / 4 + 64);
            packed.write(VERSION);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                packed.write(buffer, 0, deflater.deflate(buffer));
            }
            return packed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void cell(JsonNode value, long[][] column, int at) {
        if (value == null || value.isNull()) {
            column[0][at] = NULL;
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            column[0][at] = LONG;
            column[1][at] = value.longValue();
        } else if (value.isBoolean()) {
            column[0][at] = value.booleanValue() ? TRUE : FALSE;
        } else {
            double d = value.asDouble();
            int k = PointCodec.decimalScale(d, 0);
            column[0][at] = k < 0 ? DOUBLE : DECIMAL + k;
            column[1][at] = k < 0 ? Double.doubleToRawLongBits(d) : PointCodec.scaled(d, k);
        }
    }

    /**
     * Writes a column's decimals with its largest scale where they read back exactly so, so that 2 then 1.5 are 20
     * then 15, one kind and a small difference, rather than two kinds.
     */
    private static void oneScale(long[][] column) {
        int scale = -1;
        for (long tag : column[0]) {
            if (tag >= DECIMAL) {
                scale = Math.max(scale, (int) tag - DECIMAL);
            }
        }
        for (int i = 0; i < column[0].length; i++) {
            int k = (int) column[0][i] - DECIMAL;
            if (k >= 0 && k < scale) {
                double d = PointCodec.unscaled(column[1][i], k);
                if (PointCodec.exactAt(d, scale)) {
                    column[0][i] = DECIMAL + scale;
                    column[1][i] = PointCodec.scaled(d, scale);
                }
            }
        }
    }

    /** Reads every point of a chunk, sample by sample, oldest first; throws on a chunk that is not one. */
    static void read(byte[] chunk, PointVisitor visitor) {
        if (chunk.length == 0 || chunk[0] != VERSION) {
            throw new IllegalArgumentException("a stored chunk of version " + (chunk.length == 0 ? "?" : chunk[0])
                    + ", this hub reads version " + VERSION);
        }
        byte[] body = inflate(chunk);
        try {
            readBody(body, visitor);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a corrupt stored chunk: it ends inside a value", e);
        }
    }

    private static void readBody(byte[] body, PointVisitor visitor) {
        int[] pos = {0};
        int n = (int) varint(body, pos);
        int seriesCount = (int) varint(body, pos);
        long[] times = new long[n];
        long previous = 0;
        long delta = 0;
        for (int i = 0; i < n; i++) {
            long v = signed(body, pos);
            if (i == 0) {
                times[0] = v;
            } else {
                delta += v;
                times[i] = previous + delta;
            }
            previous = times[i];
        }
        int[] ids = new int[seriesCount];
        JsonNode[][] cells = new JsonNode[seriesCount][n];
        for (int s = 0; s < seriesCount; s++) {
            ids[s] = (int) varint(body, pos);
            int tagsAt = pos[0];
            pos[0] += n;
            long before = 0;
            for (int i = 0; i < n; i++) {
                int tag = body[tagsAt + i];
                if (i == 0 || body[tagsAt + i - 1] != tag) {
                    before = 0;
                }
                cells[s][i] = switch (tag) {
                    case ABSENT -> null;
                    case NULL -> NullNode.instance;
                    case TRUE -> BooleanNode.TRUE;
                    case FALSE -> BooleanNode.FALSE;
                    case LONG -> LongNode.valueOf(before += signed(body, pos));
                    case DOUBLE -> {
                        long x = 0;
                        for (int b = 0; b < 8; b++) {
                            x = (x << 8) | (body[pos[0]++] & 0xFF);
                        }
                        before ^= x;
                        yield DoubleNode.valueOf(Double.longBitsToDouble(before));
                    }
                    default -> {
                        if (tag < DECIMAL || tag >= DECIMAL + PointCodec.SCALES) {
                            throw new IllegalArgumentException("unknown point kind " + tag + " in a stored chunk");
                        }
                        before += signed(body, pos);
                        yield DoubleNode.valueOf(PointCodec.unscaled(before, tag - DECIMAL));
                    }
                };
            }
        }
        if (pos[0] != body.length) {
            throw new IllegalArgumentException("a stored chunk with " + (body.length - pos[0]) + " bytes too many");
        }
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < seriesCount; s++) {
                if (cells[s][i] != null) {
                    visitor.point(times[i], ids[s], cells[s][i]);
                }
            }
        }
    }

    /** The chunk's samples as {@link SampleBlob}s, by time: to merge late samples into it. */
    static TreeMap<Long, byte[]> samples(byte[] chunk) {
        TreeMap<Long, SampleBlob> blobs = new TreeMap<>();
        read(chunk, (t, sid, value) -> blobs.computeIfAbsent(t, k -> new SampleBlob()).add(sid, value));
        TreeMap<Long, byte[]> out = new TreeMap<>();
        blobs.forEach((t, b) -> out.put(t, b.bytes()));
        return out;
    }

    /** Encodes samples keyed by time. */
    static byte[] encode(TreeMap<Long, byte[]> samples) {
        long[] times = new long[samples.size()];
        List<byte[]> blobs = new ArrayList<>(samples.size());
        int i = 0;
        for (Map.Entry<Long, byte[]> e : samples.entrySet()) {
            times[i++] = e.getKey();
            blobs.add(e.getValue());
        }
        return encode(times, blobs);
    }

    private static byte[] inflate(byte[] chunk) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(chunk, 1, chunk.length - 1);
            byte[] out = new byte[Math.max(256, chunk.length * 8)];
            int size = 0;
            while (!inflater.finished()) {
                if (size == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                int got = inflater.inflate(out, size, out.length - size);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("a stored chunk cut short");
                }
                size += got;
            }
            return Arrays.copyOf(out, size);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("a corrupt stored chunk: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static long varint(byte[] b, int[] pos) {
        return PointCodec.readVarint(b, pos, "a stored chunk");
    }

    private static long signed(byte[] b, int[] pos) {
        return PointCodec.unzigzag(varint(b, pos));
    }

    /** A growable byte array with varints. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(4096);
        }

        byte[] array() {
            return buf;
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void signed(long v) {
            varint(PointCodec.zigzag(v));
        }
    }
}
