package io.fleetglance.common.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MinMaxMeanTest {

    @Test
    void meanForgetsValuesOlderThanTheWindowWhileMinAndMaxRememberThem() {
        MinMaxMean mmm = new MinMaxMean();
        mmm.add(100.0);
        MinMaxMean.Summary summary = null;
        for (int i = 0; i < MinMaxMean.WINDOW; i++) {
            summary = mmm.add(0.0);
        }

        // The window now holds 28800 zeros: the 100.0 has left the mean, but it is still the maximum seen.
        assertEquals(0.0, summary.mean());
        assertEquals(0.0, summary.min());
        assertEquals(100.0, summary.max());
    }

    @Test
    void meanIsRoundedToTwoDecimals() {
        MinMaxMean mmm = new MinMaxMean();
        mmm.add(1.0);
        mmm.add(2.0);

        // (1.0 + 2.0 + 2.0) / 3 = 1.6666... -> 1.67
        assertEquals(1.67, mmm.add(2.0).mean());
    }
}
