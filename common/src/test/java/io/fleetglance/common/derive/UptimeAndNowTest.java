package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.WALL_US;
import static io.fleetglance.common.derive.Readings.bootedAt;
import static io.fleetglance.common.derive.Readings.clock;
import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.ClockReading;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.UptimeReading;
import org.junit.jupiter.api.Test;

class UptimeAndNowTest {

    /** WALL_US in whole seconds: 2026-11-26T16:58:06Z. */
    private static final long NOW_S = WALL_US / 1_000_000;

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void uptimeIsAStringLikePythonTimedelta() {
        assertEquals("0:00:00", uptime(NOW_S));
        assertEquals("0:00:59", uptime(NOW_S - 59));
        // uptime.json: 4 min 59 s (the 0.91 s of the wall time are dropped, not rounded).
        assertEquals("0:04:59", uptime(NOW_S - 299));
        assertEquals("1:00:00", uptime(NOW_S - 3600));
    }

    @Test
    void uptimeNamesDaysInTheSingularAndPlural() {
        // 1 day + 2 h 3 min 4 s = 86400 + 7384 s; 3 days + 4 h 5 min 6 s = 259200 + 14706 s.
        assertEquals("1 day, 2:03:04", uptime(NOW_S - 93_784));
        assertEquals("3 days, 4:05:06", uptime(NOW_S - 273_906));
        assertEquals("1 day, 0:00:00", uptime(NOW_S - 86_400));
    }

    @Test
    void uptimeFallsBackToTheKernelSecondsWithoutABootTime() {
        UptimeReading reading = UptimeReading.newBuilder().setSeconds(59.99).build();

        JsonNode uptime = deriver.derive(sampleAt(0).setUptime(reading).build()).get("uptime");

        assertTrue(uptime.isTextual());
        assertEquals("0:00:59", uptime.asText());
    }

    @Test
    void uptimeBeforeTheBootTimeIsZero() {
        assertEquals("0:00:00", uptime(NOW_S + 10));
    }

    @Test
    void nowInUtcMatchesNowJson() {
        JsonNode now = now(clock(0, "UTC"));

        assertEquals(GlancesSamples.read("now.json"), now);
    }

    @Test
    void nowInAPlusOneHourZoneShowsTheLocalTimeAndOffset() {
        JsonNode now = now(clock(3600, "CET"));

        assertEquals("2026-11-26T17:58:06+01:00", now.get("iso").asText());
        assertEquals("2026-11-26 17:58:06 CET", now.get("custom").asText());
    }

    @Test
    void nowUsesTheNumericOffsetWhenTheZoneNameIsLongOrUnknown() {
        JsonNode india = now(clock(19_800, "India Standard Time"));
        JsonNode unnamed = now(clock(-12_600, ""));

        assertEquals("2026-11-26T22:28:06+05:30", india.get("iso").asText());
        assertEquals("2026-11-26 22:28:06 +0530", india.get("custom").asText());
        assertEquals("2026-11-26T13:28:06-03:30", unnamed.get("iso").asText());
        assertEquals("2026-11-26 13:28:06 -0330", unnamed.get("custom").asText());
    }

    @Test
    void nowIsLeftOutForAnOffsetNoZoneHas() {
        Sample sample = sampleAt(0).setNow(clock(20 * 3600, "XXX")).build();

        assertFalse(deriver.derive(sample).containsKey("now"));
    }

    private String uptime(long bootTimeS) {
        return deriver.derive(sampleAt(0).setUptime(bootedAt(bootTimeS)).build()).get("uptime").asText();
    }

    private JsonNode now(ClockReading clock) {
        return deriver.derive(sampleAt(0).setNow(clock).build()).get("now");
    }
}
