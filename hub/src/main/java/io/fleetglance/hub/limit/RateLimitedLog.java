package io.fleetglance.hub.limit;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Log lines about what strangers do (bad connections, refused Hellos, failed logins), at most a burst and then a
 * steady rate: a flood costs the log a few lines and a count of those left out, never megabytes.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final TokenBuckets bucket;
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, int burst, double perSecond) {
        this.log = log;
        this.bucket = new TokenBuckets(burst, perSecond, 1);
    }

    /** Logs at WARN unless the budget is spent; the first line after a quiet spell says how many were left out. */
    public void warn(String format, Object... args) {
        if (!bucket.tryTake("")) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        if (left > 0) {
            log.warn(format + " ({} similar lines left out)", append(args, left));
        } else {
            log.warn(format, args);
        }
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
