package io.fleetglance.hub.store;

/**
 * What the compact encodings of history points share ({@link SampleBlob}, {@link RawChunk} and the history in memory):
 * zig-zag varints, and decimals written as integers times a power of ten, which is how Glances' figures (a percent
 * with one decimal, a load with two) take a byte or two instead of eight.
 */
public final class PointCodec {

    private static final double[] POWERS = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    /** Scales are 0 to {@code SCALES - 1}. */
    public static final int SCALES = POWERS.length;

    private PointCodec() {
    }

    /** Whether {@code d} is exactly {@code m / 10^k} for the integer {@code m} that {@link #scaled} gives. */
    public static boolean exactAt(double d, int k) {
        double scaled = d * POWERS[k];
        return Math.abs(scaled) < 0x1p53
                && Double.doubleToRawLongBits(Math.round(scaled) / POWERS[k]) == Double.doubleToRawLongBits(d);
    }

    /** The smallest scale {@code k >= from} at which {@code d} is exact (see {@link #exactAt}), or -1. */
    public static int decimalScale(double d, int from) {
        for (int k = from; k < SCALES; k++) {
            if (exactAt(d, k)) {
                return k;
            }
        }
        return -1;
    }

    /** {@code d} times 10^k, as the integer it is at a scale where it is exact. */
    public static long scaled(double d, int k) {
        return Math.round(d * POWERS[k]);
    }

    /** The double {@code m / 10^k}: the value {@link #scaled} was given back, bit for bit. */
    public static double unscaled(long m, int k) {
        return m / POWERS[k];
    }

    public static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    public static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    /** The varint at {@code pos[0]} of {@code b}, moving {@code pos[0]} past it; {@code what} names the data. */
    public static long readVarint(byte[] b, int[] pos, String what) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("a varint longer than 64 bits in " + what);
    }
}
