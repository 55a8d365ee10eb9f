package io.fleetglance.common.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterRatesTest {

    @Test
    void appendsTimeGaugeAndRateAfterTheFieldsAlreadyThere() {
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        stats.putNull("read_bytes");
        stats.put("key", "disk_name");

        CounterRates.apply(stats, counters(2048), counters(1024), 2.0);

        // 1024 bytes more in 2 s: delta 1024, rate 1024 // 2.0 = 512.0.
        assertEquals(List.of("read_bytes", "key", "time_since_update", "read_bytes_gauge", "read_bytes_rate_per_sec"),
                CpuDerivationTest.names(stats));
        assertEquals(1024, stats.get("read_bytes").intValue());
        assertEquals(512.0, stats.get("read_bytes_rate_per_sec").doubleValue());
        assertEquals(2.0, stats.get("time_since_update").doubleValue());
    }

    @Test
    void counterMissingFromThePreviousReadingGivesTheZeroBranch() {
        ObjectNode stats = JsonNodeFactory.instance.objectNode();

        CounterRates.apply(stats, counters(2048), new LinkedHashMap<>(), 2.0);

        assertEquals(0, stats.get("read_bytes").intValue());
        assertEquals(2048, stats.get("read_bytes_gauge").intValue());
        assertTrue(stats.get("read_bytes_rate_per_sec").isInt());
    }

    @Test
    void countersBeyondTheIntRangeStayIntegral() {
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        long big = 5_000_000_000L;

        CounterRates.apply(stats, counters(big + 3_000_000_000L), counters(big), 1.5);

        // 3e9 bytes in 1.5 s: 2e9 bytes/s, still a float.
        assertTrue(stats.get("read_bytes").isLong());
        assertEquals(3_000_000_000L, stats.get("read_bytes").longValue());
        assertEquals(2.0e9, stats.get("read_bytes_rate_per_sec").doubleValue());
    }

    private static Map<String, Long> counters(long readBytes) {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("read_bytes", readBytes);
        return counters;
    }
}
