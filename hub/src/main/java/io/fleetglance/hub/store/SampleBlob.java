package io.fleetglance.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.ByteArrayOutputStream;
import java.util.function.ObjIntConsumer;

/**
 * The raw points of one sample of one host as one blob: for each point its series id (varint), a kind byte and the
 * value: integers as zig-zag varints, doubles as 4 bytes when a float holds them exactly, else 8. Counters and
 * small gauges take 2-4 bytes, where a row per point would take tens.
 */
final class SampleBlob {

    private static final int NULL = 0;
    private static final int LONG = 1;
    private static final int FLOAT = 2;
    private static final int DOUBLE = 3;
    private static final int TRUE = 4;
    private static final int FALSE = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    void add(int seriesId, JsonNode value) {
        varint(seriesId);
        if (value == null || value.isNull()) {
            out.write(NULL);
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            out.write(LONG);
            long v = value.longValue();
            varint(PointCodec.zigzag(v));
        } else if (value.isBoolean()) {
            out.write(value.booleanValue() ? TRUE : FALSE);
        } else {
            double d = value.asDouble();
            float f = (float) d;
            if ((double) f == d) {
                out.write(FLOAT);
                int b = Float.floatToRawIntBits(f);
                for (int i = 0; i < 4; i++) {
                    out.write(b >>> (8 * i));
                }
            } else {
                out.write(DOUBLE);
                long b = Double.doubleToRawLongBits(d);
                for (int i = 0; i < 8; i++) {
                    out.write((int) (b >>> (8 * i)));
                }
            }
        }
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Hands every (value, series id) of a blob to {@code each}; throws on a blob that is cut short. */
    static void read(byte[] blob, ObjIntConsumer<JsonNode> each) {
        int[] pos = {0};
        while (pos[0] < blob.length) {
            int id = (int) PointCodec.readVarint(blob, pos, "a stored sample");
            int kind = blob[pos[0]++];
            JsonNode value = switch (kind) {
                case NULL -> NullNode.instance;
                case LONG -> {
                    yield LongNode.valueOf(PointCodec.unzigzag(PointCodec.readVarint(blob, pos, "a stored sample")));
                }
                case TRUE -> BooleanNode.TRUE;
                case FALSE -> BooleanNode.FALSE;
                case FLOAT -> {
                    int b = 0;
                    for (int i = 0; i < 4; i++) {
                        b |= (blob[pos[0]++] & 0xFF) << (8 * i);
                    }
                    yield DoubleNode.valueOf(Float.intBitsToFloat(b));
                }
                case DOUBLE -> {
                    long b = 0;
                    for (int i = 0; i < 8; i++) {
                        b |= (blob[pos[0]++] & 0xFFL) << (8 * i);
                    }
                    yield DoubleNode.valueOf(Double.longBitsToDouble(b));
                }
                default -> throw new IllegalArgumentException("unknown point kind " + kind + " in a stored sample");
            };
            each.accept(value, id);
        }
    }

}
