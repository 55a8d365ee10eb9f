package io.fleetglance.hub.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistoryRingTest {

    private static final long T0 = 1_796_000_000_000_000L;

    /** A point as text that tells every kind and every bit of a double apart. */
    private static String text(long time, JsonNode value) {
        String exact = value.isDouble() ? "d" + Long.toHexString(Double.doubleToRawLongBits(value.doubleValue()))
                : value.getNodeType() + value.toString();
        return time + "=" + exact;
    }

    private static List<String> texts(List<HistoryRing.Point> points) {
        return points.stream().map(p -> text(p.timeUs(), p.value())).toList();
    }

    /** Glances' slicing of its history list for {@code nb}, on a plain list. */
    private static List<String> expected(List<String> all, int capacity, int nb) {
        List<String> kept = all.subList(Math.max(0, all.size() - capacity), all.size());
        int size = kept.size();
        int from = nb == 0 ? 0 : nb > 0 ? Math.max(0, size - nb) : Math.min(size, -nb);
        return kept.subList(from, size);
    }

    private static void assertSameAsAList(int capacity, List<Long> times, List<JsonNode> values) {
        HistoryRing ring = new HistoryRing(capacity);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            ring.add(times.get(i), values.get(i));
            all.add(text(times.get(i), values.get(i)));
            if (i % 97 == 0 || i == times.size() - 1) {
                assertEquals(Math.min(all.size(), capacity), ring.size());
                for (int nb : new int[] {0, 1, 2, 7, 119, 121, capacity, capacity + 5, -1, -3, -capacity,
                    -capacity - 5}) {
                    assertEquals(expected(all, capacity, nb), texts(ring.last(nb)), "capacity " + capacity
                            + ", after " + (i + 1) + " points, nb " + nb);
                }
            }
        }
    }

    @Test
    void everyKindOfValueReadsBackExactlyAtEveryCapacity() {
        JsonNode[] odd = {NullNode.instance, BooleanNode.TRUE, BooleanNode.FALSE, LongNode.valueOf(Long.MAX_VALUE),
            LongNode.valueOf(Long.MIN_VALUE), LongNode.valueOf(0), LongNode.valueOf(-5), DoubleNode.valueOf(-0.0),
            DoubleNode.valueOf(Double.NaN), DoubleNode.valueOf(Double.POSITIVE_INFINITY),
            DoubleNode.valueOf(-Double.MAX_VALUE), DoubleNode.valueOf(0.1 + 0.2), DoubleNode.valueOf(1e300),
            DoubleNode.valueOf(Double.MIN_VALUE), DoubleNode.valueOf(12.5), DoubleNode.valueOf(-12.5),
            DoubleNode.valueOf(0.01), DoubleNode.valueOf(40959.0), DoubleNode.valueOf(1234567.891),
            DoubleNode.valueOf((double) 0.1f), DoubleNode.valueOf(9.007199254740993E15)};
        Random random = new Random(7);
        List<Long> times = new ArrayList<>();
        List<JsonNode> values = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 2000; i++) {
            times.add(t);
            // runs of one kind, then any kind after any other
            values.add(random.nextInt(4) == 0 ? odd[random.nextInt(odd.length)]
                    : DoubleNode.valueOf(random.nextInt(3) == 0 ? -random.nextDouble() * 1e6 : i / 8.0));
            t += random.nextInt(10) == 0 ? -random.nextInt(5_000_000) : 1_000_000L + random.nextInt(3000);
        }
        for (int capacity : new int[] {1, 5, 119, 120, 121, 240, 1200}) {
            assertSameAsAList(capacity, times, values);
        }
    }

    @Test
    void aTypicalSeriesTakesAFewBytesAPoint() {
        Random random = new Random(11);
        int capacity = 1200;
        HistoryRing cpu = new HistoryRing(capacity);
        HistoryRing processes = new HistoryRing(capacity);
        HistoryRing rate = new HistoryRing(capacity);
        List<Long> times = new ArrayList<>();
        List<JsonNode> cpuValues = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 5000; i++) {
            JsonNode user = DoubleNode.valueOf(Math.round(random.nextGaussian() * 30 + 200) / 10.0);
            cpu.add(t, user);
            times.add(t);
            cpuValues.add(user);
            processes.add(t, LongNode.valueOf(300 + random.nextInt(4)));
            rate.add(t, DoubleNode.valueOf(random.nextInt(10) == 0 ? random.nextInt(1_000_000) : 0));
            t += 1_000_000L + random.nextInt(2000) - 1000; // one second, give or take a millisecond
        }
        assertSameAsAList(capacity, times, cpuValues);
        for (HistoryRing ring : List.of(cpu, processes, rate)) {
            assertEquals(capacity, ring.size());
            double perPoint = ring.bytes() / (double) capacity;
            // 16 bytes in primitive columns (time and value bits), far more as objects
            assertTrue(perPoint < 6, perPoint + " bytes per point");
        }
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HistoryRing(0));
    }
}
