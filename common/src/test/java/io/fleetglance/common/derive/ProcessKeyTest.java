package io.fleetglance.common.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessKeyTest {

    /** The bucket a {@link java.util.HashMap} of {@code buckets} (a power of two) puts a hash in. */
    private static int bucket(int hash, int buckets) {
        return (hash ^ (hash >>> 16)) & (buckets - 1);
    }

    @Test
    void processesStartedOneAfterAnotherSpreadOverTheTable() {
        // pid and start time stepping together (and start time stepping by a few ticks), as on a busy host
        for (int tickStep : new int[] {1, 2, 3, 7, 100}) {
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                used.add(bucket(new ProcessKey(100_000 + i, 1_000L + (long) i * tickStep).hashCode(), 2048));
            }
            // 1,000 random hashes in 2,048 buckets land in about 800 of them; the record's own hash used 64
            assertTrue(used.size() > 700, "tick step " + tickStep + ": only " + used.size() + " buckets of 2048");
        }
    }

    @Test
    void equalKeysHashAlikeAndAReusedPidIsAnotherKey() {
        assertEquals(new ProcessKey(42, 1234).hashCode(), new ProcessKey(42, 1234).hashCode());
        assertEquals(new ProcessKey(42, 1234), new ProcessKey(42, 1234));
        assertNotEquals(new ProcessKey(42, 1234), new ProcessKey(42, 1235));
    }
}
