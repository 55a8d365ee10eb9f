package io.fleetglance.hub.auth;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.names.LogText;
import io.fleetglance.hub.limit.RateLimitedLog;
import io.fleetglance.hub.limit.TokenBuckets;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows password guessing on the REST API: each source address may fail {@code login_burst} logins, then one more
 * every {@code 60 / login_per_minute} seconds (a token bucket per address, {@code [fleet]} keys); while its bucket
 * is empty the address gets 429 without its credentials being checked. Every failure is logged with the address
 * and the user name, never the password.
 */
public final class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final TokenBuckets failures;
    private final RateLimitedLog lines = new RateLimitedLog(log, 20, 1);

    public LoginThrottle(int burst, double perMinute, LongSupplier nanoClock) {
        this.failures = new TokenBuckets(burst, perMinute / 60, 100_000, nanoClock);
    }

    /** {@code [fleet] login_burst} (default 5) and {@code login_per_minute} (default 5). */
    public static LoginThrottle from(GlancesConfig config) {
        int burst = config.getInt("fleet", "login_burst", 5);
        double perMinute = config.getDouble("fleet", "login_per_minute", 5);
        if (burst < 1 || perMinute <= 0) {
            throw new IllegalArgumentException("[fleet] login_burst must be at least 1 and login_per_minute above 0");
        }
        return new LoginThrottle(burst, perMinute, System::nanoTime);
    }

    /** Milliseconds {@code address} must wait before its credentials are checked again; 0 when it may try now. */
    public long waitMillis(String address) {
        return failures.millisUntilToken(address);
    }

    /** Counts a failed login of {@code user} from {@code address}, and logs it. */
    public void failed(String address, String user) {
        boolean allowed = failures.tryTake(address);
        lines.warn("failed REST login from {} as user '{}'{}", address, LogText.escape(user, 64),
                allowed && failures.hasToken(address) ? "" : "; further logins from there are slowed down");
    }
}
