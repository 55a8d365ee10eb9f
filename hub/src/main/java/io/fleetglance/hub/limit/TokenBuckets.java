package io.fleetglance.hub.limit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a source address): each holds up to {@code capacity} tokens and gains
 * {@code perSecond} a second. At most {@code maxKeys} buckets are kept, the least recently used going first, so a
 * flood from many addresses costs bounded memory (a forgotten bucket is simply full again).
 */
public final class TokenBuckets {

    private final double capacity;
    private final double perNano;
    private final LongSupplier nanoClock;
    private final Map<String, double[]> buckets; // key -> {tokens, nanos of the last refill}

    public TokenBuckets(double capacity, double perSecond, int maxKeys, LongSupplier nanoClock) {
        if (capacity < 1 || perSecond <= 0 || maxKeys < 1) {
            throw new IllegalArgumentException("a token bucket needs a capacity of at least 1 and a positive rate");
        }
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Buckets on the system's monotonic clock. */
    public TokenBuckets(double capacity, double perSecond, int maxKeys) {
        this(capacity, perSecond, maxKeys, System::nanoTime);
    }

    /** Takes a token from {@code key}'s bucket; false when it is empty. */
    public synchronized boolean tryTake(String key) {
        double[] b = refilled(key);
        if (b[0] < 1) {
            return false;
        }
        b[0] -= 1;
        return true;
    }

    /** Whether {@code key}'s bucket holds a token now, without taking it. */
    public synchronized boolean hasToken(String key) {
        return refilled(key)[0] >= 1;
    }

    /** Milliseconds until {@code key}'s bucket holds a token again; 0 when it holds one. */
    public synchronized long millisUntilToken(String key) {
        double missing = 1 - refilled(key)[0];
        return missing <= 0 ? 0 : (long) Math.ceil(missing / perNano / 1e6);
    }

    private double[] refilled(String key) {
        long now = nanoClock.getAsLong();
        double[] b = buckets.get(key);
        if (b == null) {
            b = new double[] {capacity, now};
            buckets.put(key, b);
            return b;
        }
        b[0] = Math.min(capacity, b[0] + (now - (long) b[1]) * perNano);
        b[1] = now;
        return b;
    }
}
