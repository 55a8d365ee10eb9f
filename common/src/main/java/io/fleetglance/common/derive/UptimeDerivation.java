package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.UptimeReading;
import java.util.Optional;

/**
 * The {@code uptime} plugin: a string like Python's {@code str(timedelta)} without microseconds ({@code "0:04:59"},
 * {@code "1 day, 2:03:04"}). As Glances, it is the sample's wall time minus the boot time; without a boot time it is
 * the kernel's uptime seconds.
 */
public final class UptimeDerivation implements PluginDerivation {

    @Override
    public String plugin() {
        return "uptime";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasUptime()) {
            return Optional.empty();
        }
        UptimeReading uptime = sample.getUptime();
        long seconds;
        if (uptime.getBootTimeS() > 0 && sample.getWallTimeUs() > 0) {
            seconds = Math.floorDiv(sample.getWallTimeUs() - uptime.getBootTimeS() * 1_000_000L, 1_000_000L);
        } else {
            seconds = (long) Math.floor(uptime.getSeconds());
        }
        return Optional.of(TextNode.valueOf(humanDuration(Math.max(0, seconds))));
    }

    /** Python's {@code str(timedelta(seconds=n))} for a whole, non-negative number of seconds. */
    static String humanDuration(long seconds) {
        long days = seconds / 86_400;
        long rest = seconds % 86_400;
        String clock = String.format("%d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
        if (days == 0) {
            return clock;
        }
        return days + (days == 1 ? " day, " : " days, ") + clock;
    }
}
