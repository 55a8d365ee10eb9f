package io.fleetglance.agent.collect;

import io.fleetglance.proto.ClockReading;
import io.fleetglance.proto.Sample;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/** Reads the agent's local time zone at the sampling instant (offset and abbreviation) for the now plugin. */
public final class ClockCollector implements Collector {

    private final Clock clock;

    /** A collector for the JVM's default time zone. */
    public ClockCollector() {
        this(Clock.systemDefaultZone());
    }

    /** A collector for the zone and instant of {@code clock}. */
    public ClockCollector(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<String> plugins() {
        return List.of("now");
    }

    @Override
    public void collect(Sample.Builder sample) {
        Instant now = clock.instant();
        ZoneId zone = clock.getZone();
        ZoneOffset offset = zone.getRules().getOffset(now);
        sample.setNow(ClockReading.newBuilder()
                .setUtcOffsetS(offset.getTotalSeconds())
                .setZoneAbbreviation(abbreviation(zone, now)));
    }

    /** The zone's short name at {@code now}: "CET" in winter and "CEST" in summer, as strftime's %Z gives it. */
    static String abbreviation(ZoneId zone, Instant now) {
        ZoneId normalized = zone.normalized();
        if (normalized.equals(ZoneOffset.UTC)) {
            // "Z", "UTC", "Etc/UTC" and "GMT+0" are all UTC to the C library too.
            return zone.getId().contains("GMT") ? "GMT" : "UTC";
        }
        if (normalized instanceof ZoneOffset fixed) {
            return numeric(fixed);
        }
        boolean daylight = zone.getRules().isDaylightSavings(now);
        return TimeZone.getTimeZone(zone).getDisplayName(daylight, TimeZone.SHORT, Locale.US);
    }

    /** A fixed offset named as tzdata names zones without a letter abbreviation: "+03", "+0530", "-0330". */
    private static String numeric(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        int absolute = Math.abs(seconds);
        StringBuilder name = new StringBuilder(seconds < 0 ? "-" : "+");
        name.append(String.format(Locale.ROOT, "%02d", absolute / 3600));
        if (absolute % 3600 != 0) {
            name.append(String.format(Locale.ROOT, "%02d", absolute / 60 % 60));
        }
        return name.toString();
    }
}
