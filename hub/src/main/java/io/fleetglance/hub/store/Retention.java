package io.fleetglance.hub.store;

import java.time.Duration;

/**
 * How long each tier is kept, and how large the store may grow: {@code [fleet] raw_retention},
 * {@code minute_retention}, {@code hour_retention} and {@code store_max_mib} (0 for no limit).
 */
public record Retention(Duration raw, Duration minute, Duration hour, long maxBytes) {

    public static final Retention DEFAULT = new Retention(Duration.ofHours(24), Duration.ofDays(30),
            Duration.ofDays(365), 0);

    public Retention {
        if (raw.isNegative() || raw.isZero() || minute.compareTo(raw) < 0 || hour.compareTo(minute) < 0) {
            throw new IllegalArgumentException("retentions must be positive and grow from raw to minute to hour, got "
                    + raw + ", " + minute + ", " + hour);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("store_max_mib must be 0 (no limit) or more, got " + maxBytes);
        }
    }
}
