package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetglance.proto.ClockReading;
import io.fleetglance.proto.Sample;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ClockCollectorTest {

    private static final Instant WINTER = Instant.parse("2026-01-15T12:00:00Z");
    private static final Instant SUMMER = Instant.parse("2026-07-15T12:00:00Z");

    private static ClockReading collect(String zone, Instant at) {
        Sample.Builder sample = Sample.newBuilder();
        new ClockCollector(Clock.fixed(at, ZoneId.of(zone))).collect(sample);
        return sample.getNow();
    }

    private static ClockReading reading(int offsetSeconds, String abbreviation) {
        return ClockReading.newBuilder().setUtcOffsetS(offsetSeconds).setZoneAbbreviation(abbreviation).build();
    }

    @Test
    void namesUtcAsTheSampledGlancesDoes() {
        // glances-samples/now.json: "custom": "2026-11-26 16:58:06 UTC" on a machine in Etc/UTC.
        assertEquals(reading(0, "UTC"), collect("Etc/UTC", WINTER));
        assertEquals(reading(0, "UTC"), collect("Z", WINTER));
        assertEquals(reading(0, "GMT"), collect("GMT", WINTER));
    }

    @Test
    void followsDaylightSavingTimeAtTheSampledInstant() {
        assertEquals(reading(3600, "CET"), collect("Europe/Paris", WINTER));
        assertEquals(reading(7200, "CEST"), collect("Europe/Paris", SUMMER));
        assertEquals(reading(-5 * 3600, "EST"), collect("America/New_York", WINTER));
        assertEquals(reading(-4 * 3600, "EDT"), collect("America/New_York", SUMMER));
    }

    @Test
    void namesFixedOffsetsNumerically() {
        assertEquals(reading(19_800, "+0530"), collect("+05:30", WINTER));
        assertEquals(reading(-3 * 3600, "-03"), collect("Etc/GMT+3", WINTER));
    }
}
