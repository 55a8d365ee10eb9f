package io.fleetglance.agent.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumWithoutJitter() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(700), 0, new Random(1));
        assertEquals(100, b.next().toMillis());
        assertEquals(200, b.next().toMillis());
        assertEquals(400, b.next().toMillis());
        assertEquals(700, b.next().toMillis());
        assertEquals(700, b.next().toMillis());
        b.reset();
        assertEquals(100, b.next().toMillis());
    }

    @Test
    void jitterStaysWithinItsFraction() {
        Backoff b = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(1000), 0.2, new Random(42));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 500; i++) {
            long d = b.next().toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 800 && max <= 1200, min + ".." + max);
        assertTrue(max - min > 200, "delays are spread, not fixed: " + min + ".." + max);
    }
}
