package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.ClockReading;
import io.fleetglance.proto.Sample;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The {@code now} plugin: the sample's wall time in the agent's local offset, as Python's
 * {@code datetime.now().astimezone().replace(microsecond=0).isoformat()} ({@code iso}) and as Glances' default
 * {@code strftime} format {@code "%Y-%m-%d %H:%M:%S %Z"} ({@code custom}), which uses {@code %z} instead when the
 * zone name is longer than 6 characters (or unknown). A sample whose offset is not a real one (beyond ±18 h) yields
 * no {@code now} stats.
 */
public final class NowDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public NowDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, ClockReading.getDescriptor());
    }

    private static final DateTimeFormatter ISO_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter CUSTOM_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int MAX_OFFSET_S = 18 * 3600;

    @Override
    public String plugin() {
        return "now";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasNow()) {
            return Optional.empty();
        }
        ClockReading clock = sample.getNow();
        int offsetSeconds = clock.getUtcOffsetS();
        if (Math.abs(offsetSeconds) > MAX_OFFSET_S) {
            return Optional.empty();
        }
        Instant wall = Instant.ofEpochSecond(Math.floorDiv(sample.getWallTimeUs(), 1_000_000L));
        LocalDateTime local = LocalDateTime.ofInstant(wall, ZoneOffset.ofTotalSeconds(offsetSeconds));
        String zone = clock.getZoneAbbreviation();
        String zoneText = zone.isEmpty() || zone.length() > 6 ? offset(offsetSeconds, "") : zone;

        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        stats.put("iso", ISO_LOCAL.format(local) + offset(offsetSeconds, ":"));
        stats.put("custom", CUSTOM_LOCAL.format(local) + " " + zoneText);
        return Optional.of(copied.complete(stats, clock));
    }

    /** Python's offset text: {@code +01:00} for isoformat, {@code +0100} for {@code %z}; seconds only when not 0. */
    static String offset(int totalSeconds, String separator) {
        int abs = Math.abs(totalSeconds);
        String text = String.format("%s%02d%s%02d", totalSeconds < 0 ? "-" : "+", abs / 3600, separator,
                abs % 3600 / 60);
        return abs % 60 == 0 ? text : text + String.format("%s%02d", separator, abs % 60);
    }
}
