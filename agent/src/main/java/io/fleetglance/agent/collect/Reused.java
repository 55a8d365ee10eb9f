package io.fleetglance.agent.collect;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A reading that several collectors of one sample need (the interface addresses, {@code /proc/meminfo}): taken once
 * and given again until {@code reuseNanos} have passed on a clock, so that one sample reads it once.
 */
final class Reused<T> implements Supplier<T> {

    /** How long a reading is given again by default: less than any sample period (at least 1 s). */
    static final long WITHIN_SAMPLE_NANOS = 500_000_000L;

    private final Supplier<T> source;
    private final long reuseNanos;
    private final LongSupplier nanoClock;
    private T last;
    private long takenAt;

    /** {@code source}'s readings, each given again until {@code reuseNanos} have passed on {@code nanoClock}. */
    Reused(Supplier<T> source, long reuseNanos, LongSupplier nanoClock) {
        this.source = source;
        this.reuseNanos = reuseNanos;
        this.nanoClock = nanoClock;
    }

    /** {@code source}'s readings, each given again for {@link #WITHIN_SAMPLE_NANOS} of the system's clock. */
    static <T> Reused<T> withinSample(Supplier<T> source) {
        return new Reused<>(source, WITHIN_SAMPLE_NANOS, System::nanoTime);
    }

    @Override
    public synchronized T get() {
        long now = nanoClock.getAsLong();
        if (last == null || now - takenAt >= reuseNanos) {
            last = source.get();
            takenAt = now;
        }
        return last;
    }
}
