package io.fleetglance.hub.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RawChunkTest {

    /** What a blob or a chunk reads back as: one "time sid value" line per point, values with their JSON type. */
    private static List<String> points(long time, byte[] blob) {
        List<String> out = new ArrayList<>();
        SampleBlob.read(blob, (value, sid) -> out.add(line(time, sid, value)));
        return out;
    }

    private static String line(long time, int sid, JsonNode value) {
        String exact = value.isDouble() ? Long.toHexString(Double.doubleToRawLongBits(value.doubleValue()))
                : value.toString();
        return time + " " + sid + " " + value.getNodeType() + " " + exact;
    }

    private static void assertRoundTrip(TreeMap<Long, byte[]> samples) {
        List<String> expected = new ArrayList<>();
        samples.forEach((t, blob) -> expected.addAll(points(t, blob)));
        byte[] chunk = RawChunk.encode(samples);
        List<String> read = new ArrayList<>();
        RawChunk.read(chunk, (t, sid, value) -> read.add(line(t, sid, value)));
        // within a sample, the chunk gives the series in id order
        assertEquals(sorted(expected), sorted(read));
        TreeMap<Long, byte[]> back = RawChunk.samples(chunk);
        assertEquals(samples.keySet(), back.keySet());
        for (long t : samples.keySet()) {
            assertEquals(sorted(points(t, samples.get(t))), sorted(points(t, back.get(t))));
        }
    }

    private static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        out.sort(null);
        return out;
    }

    @Test
    void everyKindOfValueReadsBackExactly() {
        JsonNode[] odd = {NullNode.instance, BooleanNode.TRUE, BooleanNode.FALSE, LongNode.valueOf(Long.MAX_VALUE),
            LongNode.valueOf(Long.MIN_VALUE), LongNode.valueOf(0), DoubleNode.valueOf(-0.0),
            DoubleNode.valueOf(Double.NaN), DoubleNode.valueOf(Double.POSITIVE_INFINITY),
            DoubleNode.valueOf(Double.NEGATIVE_INFINITY), DoubleNode.valueOf(0.1 + 0.2), DoubleNode.valueOf(1e300),
            DoubleNode.valueOf(Double.MIN_VALUE), DoubleNode.valueOf(12.5), DoubleNode.valueOf(0.01),
            DoubleNode.valueOf(40959.0), DoubleNode.valueOf(1234567.891), DoubleNode.valueOf((double) 0.1f),
            DoubleNode.valueOf(9.007199254740993E15)};
        TreeMap<Long, byte[]> samples = new TreeMap<>();
        long t = 1_700_000_000_000_000L;
        for (int i = 0; i < odd.length * 3; i++) {
            SampleBlob b = new SampleBlob();
            // every series sees every kind after every other one; series 7 only now and then
            b.add(0, odd[i % odd.length]);
            b.add(1, odd[(i * 7) % odd.length]);
            b.add(2, odd[(odd.length - 1 - i % odd.length)]);
            if (i % 4 == 0) {
                b.add(7, DoubleNode.valueOf(i / 4.0));
            }
            samples.put(t, b.bytes());
            t += 1_000_000L + (i % 3) * 1234;
        }
        assertRoundTrip(samples);
    }

    @Test
    void realisticSeriesReadBackExactlyAndCompact() {
        Random random = new Random(42);
        TreeMap<Long, byte[]> samples = new TreeMap<>();
        long t = 1_700_000_000_000_000L;
        int points = 0;
        for (int i = 0; i < 600; i++) {
            SampleBlob b = new SampleBlob();
            b.add(0, DoubleNode.valueOf(Math.round(random.nextDouble() * 1000) / 10.0)); // cpu user, one decimal
            b.add(1, DoubleNode.valueOf(Math.round(random.nextDouble() * 100) / 100.0)); // load, two decimals
            b.add(2, LongNode.valueOf(300 + random.nextInt(3))); // process count
            b.add(3, DoubleNode.valueOf(23.8)); // a file system's percent
            b.add(4, DoubleNode.valueOf(random.nextInt(10) == 0 ? random.nextInt(100_000) : 0)); // a rate
            b.add(5, DoubleNode.valueOf(random.nextInt(5_000_000))); // a busy rate
            samples.put(t, b.bytes());
            points += 6;
            t += 1_000_000L + random.nextInt(2000) - 1000; // periods jitter by a millisecond
        }
        assertRoundTrip(samples);
        int bytes = RawChunk.encode(samples).length;
        assertTrue(bytes < points * 2, bytes + " bytes for " + points + " points");
    }

    @Test
    void aDamagedChunkIsRefusedSayingSo() {
        TreeMap<Long, byte[]> samples = new TreeMap<>();
        SampleBlob b = new SampleBlob();
        b.add(0, DoubleNode.valueOf(1.5));
        samples.put(1L, b.bytes());
        samples.put(2L, b.bytes());
        byte[] chunk = RawChunk.encode(samples);
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> RawChunk.read(Arrays.copyOf(chunk, chunk.length - 2), (t, sid, v) -> { }));
        assertTrue(cut.getMessage().contains("chunk"), cut.getMessage());
        byte[] newer = chunk.clone();
        newer[0] = 9;
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> RawChunk.read(newer, (t, sid, v) -> { }));
        assertTrue(version.getMessage().contains("version 9"), version.getMessage());
        byte[] noise = chunk.clone();
        for (int i = 1; i < noise.length; i++) {
            noise[i] ^= (byte) 0x5A;
        }
        assertThrows(IllegalArgumentException.class, () -> RawChunk.read(noise, (t, sid, v) -> { }));
        assertArrayEquals(chunk, RawChunk.encode(RawChunk.samples(chunk)), "encoding is deterministic");
    }
}
