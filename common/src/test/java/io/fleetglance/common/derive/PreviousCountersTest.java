package io.fleetglance.common.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreviousCountersTest {

    @Test
    void answersWhatEachNameCountedInTheLastSampleReadToItsEnd() {
        PreviousCounters<Long> counters = new PreviousCounters<>();
        counters.startSample(1_000_000_000L);
        assertTrue(counters.firstSample());
        assertNull(counters.exchange("eth0", 10L));
        assertNull(counters.exchange("lo", 20L));
        counters.endSample(1_000_000_000L);
        assertFalse(counters.firstSample());

        assertEquals(2.0, counters.startSample(3_000_000_000L));
        assertEquals(20L, counters.exchange("lo", 21L)); // another order
        assertNull(counters.exchange("wlan0", 5L)); // a new one
        assertEquals(10L, counters.exchange("eth0", 11L));
        // given up: no endSample, so the next sample still compares with the first
        counters.startSample(4_000_000_000L);
        assertEquals(10L, counters.exchange("eth0", 12L));
        assertEquals(20L, counters.exchange("lo", 22L));
        counters.endSample(4_000_000_000L);

        counters.startSample(5_000_000_000L);
        assertNull(counters.exchange("wlan0", 6L)); // never read to the end of a sample
        assertEquals(12L, counters.exchange("eth0", 13L));
        counters.endSample(5_000_000_000L);
        counters.startSample(6_000_000_000L);
        assertNull(counters.exchange("lo", 23L)); // gone in the sample before
        assertEquals(6L, counters.exchange("wlan0", 7L));
    }

    @Test
    void matchesItemsThatComeGoAndMoveAsAMapWould() {
        Random random = new Random(7);
        PreviousCounters<Integer> counters = new PreviousCounters<>();
        Map<String, Integer> before = null;
        for (int sample = 0; sample < 300; sample++) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                if (random.nextInt(10) > 0) {
                    names.add("irq" + i);
                }
            }
            if (sample % 7 == 0) {
                Collections.shuffle(names, random);
            } else if (sample % 5 == 0 && names.size() > 2) {
                Collections.swap(names, 0, names.size() - 1);
            }
            counters.startSample(sample * 1_000_000_000L);
            Map<String, Integer> now = new HashMap<>();
            for (String name : names) {
                int value = random.nextInt();
                assertEquals(before == null ? null : before.get(name), counters.exchange(name, value),
                        "sample " + sample + ", " + name);
                now.put(name, value);
            }
            counters.endSample(sample * 1_000_000_000L);
            before = now;
        }
    }
}
