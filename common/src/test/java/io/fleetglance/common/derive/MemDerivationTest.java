package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.mem;
import static io.fleetglance.common.derive.Readings.sampleAt;
import static io.fleetglance.common.derive.Readings.swap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.MemReading;
import org.junit.jupiter.api.Test;

class MemDerivationTest {

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void computesUsedAndPercentFromAvailableAsMemJson() {
        // mem.json: total 25325268992, available 24918798336 -> used 406470656, 1.6050... % -> 1.6.
        JsonNode mem = memOf(mem(24_918_798_336L));

        assertTrue(mem.get("total").isLong());
        assertEquals(25_325_268_992L, mem.get("total").longValue());
        assertEquals(406_470_656L, mem.get("used").longValue());
        assertEquals(1.6, mem.get("percent").doubleValue());
        assertEquals(23_984_443_392L, mem.get("free").longValue());
        assertEquals(1_131_991_040L, mem.get("cached").longValue());
    }

    @Test
    void firstSampleIsItsOwnMinMaxAndMean() {
        JsonNode mem = memOf(mem(24_918_798_336L));

        assertEquals(1.6, mem.get("percent_min").doubleValue());
        assertEquals(1.6, mem.get("percent_max").doubleValue());
        assertEquals(1.6, mem.get("percent_mean").doubleValue());
    }

    @Test
    void tracksMinMaxAndMeanOverTheDeriversLife() {
        memOf(mem(24_918_798_336L));
        // 481160992 used of 25325268992 -> 1.8999... % -> 1.9; then back to 1.6.
        memOf(mem(24_844_108_000L));
        JsonNode mem = memOf(mem(24_918_798_336L));

        assertEquals(1.6, mem.get("percent_min").doubleValue());
        assertEquals(1.9, mem.get("percent_max").doubleValue());
        // (1.6 + 1.9 + 1.6) / 3 = 1.7
        assertEquals(1.7, mem.get("percent_mean").doubleValue());
    }

    @Test
    void meanOfTwoValuesIsRoundedToTwoDecimalsAsMemJson() {
        memOf(mem(24_918_798_336L));
        JsonNode mem = memOf(mem(24_844_108_000L));

        // mem.json: min 1.6, max 1.9, mean (1.6 + 1.9) / 2 = 1.75
        assertEquals(1.75, mem.get("percent_mean").doubleValue());
    }

    @Test
    void availableAboveTotalGivesZeroUsedAndZeroPercent() {
        MemReading odd = MemReading.newBuilder().setTotal(1000).setAvailable(1200).setFree(900).build();

        JsonNode mem = memOf(odd);

        assertEquals(0, mem.get("used").longValue());
        assertEquals(0.0, mem.get("percent").doubleValue());
    }

    @Test
    void keepsTheKeyOrderOfMemJson() {
        assertEquals(CpuDerivationTest.names(GlancesSamples.read("mem.json")),
                CpuDerivationTest.names(memOf(mem(24_918_798_336L))));
    }

    @Test
    void swapWithoutSwapSpaceIsZeroPercentAndOneSecondOnTheFirstSample() {
        JsonNode memswap = deriver.derive(sampleAt(0).setMemswap(swap(0, 0, 0, 0)).build()).get("memswap");

        assertEquals(0, memswap.get("total").intValue());
        assertEquals(0, memswap.get("used").intValue());
        assertTrue(memswap.get("percent").isDouble());
        assertEquals(0.0, memswap.get("percent").doubleValue());
        // No previous reading: Glances' getTimeSinceLastUpdate answers the int 1 on its first call.
        assertTrue(memswap.get("time_since_update").isInt());
        assertEquals(1, memswap.get("time_since_update").intValue());
        assertEquals(CpuDerivationTest.names(GlancesSamples.read("memswap.json")), CpuDerivationTest.names(memswap));
    }

    @Test
    void swapInUseGivesUsedPercentAndTheTimeSinceThePreviousReading() {
        deriver.derive(sampleAt(1_000_000_000L).setMemswap(swap(2_000_000, 1_000_000, 4096, 8192)).build());
        // 2000000 bytes of swap, 500000 free: used 1500000 -> 75.0 %; read 2.5 s after the previous one.
        JsonNode memswap = deriver.derive(sampleAt(3_500_000_000L).setMemswap(swap(2_000_000, 500_000, 8192, 16384))
                .build()).get("memswap");

        assertEquals(1_500_000, memswap.get("used").intValue());
        assertEquals(75.0, memswap.get("percent").doubleValue());
        // sin/sout stay cumulative (Glances does not turn them into rates).
        assertEquals(8192, memswap.get("sin").intValue());
        assertEquals(16384, memswap.get("sout").intValue());
        assertTrue(memswap.get("time_since_update").isDouble());
        assertEquals(2.5, memswap.get("time_since_update").doubleValue());
    }

    private JsonNode memOf(MemReading reading) {
        return deriver.derive(sampleAt(0).setMem(reading).build()).get("mem");
    }
}
