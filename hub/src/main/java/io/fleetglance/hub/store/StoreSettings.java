package io.fleetglance.hub.store;

import io.fleetglance.common.config.GlancesConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's keys of glances.conf's {@code [fleet]} section: {@code raw_retention} (default 24h),
 * {@code minute_retention} (30d), {@code hour_retention} (1y), {@code store_max_mib} (0: no limit) and
 * {@code forget_after} (default never). Durations are a number with a unit: {@code s}, {@code m}, {@code h},
 * {@code d}, {@code w} or {@code y} (365 days); a bare number is seconds.
 */
public record StoreSettings(Retention retention, Optional<Duration> forgetAfter) {

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([smhdwy]?)\\s*");

    public static StoreSettings from(GlancesConfig config) {
        Duration raw = duration(config, "raw_retention", Retention.DEFAULT.raw());
        Duration minute = duration(config, "minute_retention", Retention.DEFAULT.minute());
        Duration hour = duration(config, "hour_retention", Retention.DEFAULT.hour());
        double mib = config.getDouble("fleet", "store_max_mib", 0);
        Retention retention;
        try {
            retention = new Retention(raw, minute, hour, (long) (mib * 1024 * 1024));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config.source() + ": [fleet] " + e.getMessage(), e);
        }
        String forget = config.get("fleet", "forget_after").orElse("never").trim();
        Optional<Duration> forgetAfter = forget.isEmpty() || forget.equalsIgnoreCase("never") ? Optional.empty()
                : Optional.of(parse(config, "forget_after", forget));
        return new StoreSettings(retention, forgetAfter);
    }

    private static Duration duration(GlancesConfig config, String key, Duration fallback) {
        Optional<String> value = config.get("fleet", key);
        return value.isEmpty() || value.get().isBlank() ? fallback : parse(config, key, value.get());
    }

    private static Duration parse(GlancesConfig config, String key, String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(config.source() + ": [fleet] " + key + " must be a duration such as"
                    + " 90s, 15m, 24h, 30d or 1y, got '" + value + "'");
        }
        double n = Double.parseDouble(m.group(1));
        long unitSeconds = switch (m.group(2)) {
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            case "w" -> 7 * 86_400;
            case "y" -> 365 * 86_400;
            default -> 1;
        };
        long seconds = Math.round(n * unitSeconds);
        if (seconds < 1) {
            throw new IllegalArgumentException(config.source() + ": [fleet] " + key + " must be at least 1s, got '"
                    + value + "'");
        }
        return Duration.ofSeconds(seconds);
    }
}
