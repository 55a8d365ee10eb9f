package io.fleetglance.agent.stream;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Exponential reconnect delays with jitter, so a fleet that lost its hub does not reconnect in lockstep. */
public final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final double jitter;
    private final RandomGenerator random;
    private long nextMs;

    /**
     * @param jitter fraction of each delay randomised both ways, e.g. 0.2 gives delays within ±20%
     */
    public Backoff(Duration initial, Duration max, double jitter, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.jitter = jitter;
        this.random = random;
        this.nextMs = initialMs;
    }

    /** The delay before the next attempt; each call doubles the following one, up to the maximum. */
    public synchronized Duration next() {
        long base = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
    }

    /** Starts again from the initial delay, after a session was established. */
    public synchronized void reset() {
        nextMs = initialMs;
    }
}
