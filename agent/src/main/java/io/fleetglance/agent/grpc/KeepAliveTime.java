package io.fleetglance.agent.grpc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The silence after which a client pings its server, shared by the successive connections of one client: a server
 * that finds the pings too frequent (GOAWAY ENHANCE_YOUR_CALM with debug data {@code too_many_pings}) gets them half
 * as often from then on, as grpc-java's clients do.
 */
public final class KeepAliveTime {

    private final AtomicLong nanos;

    public KeepAliveTime(Duration initial) {
        this.nanos = new AtomicLong(Math.max(1, initial.toNanos()));
    }

    public Duration current() {
        return Duration.ofNanos(nanos.get());
    }

    /** Doubles the time (saturating); returns the new one. */
    Duration backOff() {
        long next = nanos.updateAndGet(n -> n > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : n * 2);
        return Duration.ofNanos(next);
    }
}
