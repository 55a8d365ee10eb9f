package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsObjectsInOrderWithEveryKindOfValue() throws Exception {
        Object value = JsonReader.parse(" {\"b\": 1, \"a\": [true, false, null], \"c\": -2.5e1, \"d\": \"x\"} ");

        Map<String, Object> object = JsonReader.object(value);
        assertEquals(List.of("b", "a", "c", "d"), List.copyOf(object.keySet()));
        assertEquals(1L, object.get("b"));
        assertEquals(Arrays.asList(true, false, null), object.get("a"));
        assertEquals(-25.0, object.get("c"));
        assertEquals("x", object.get("d"));
    }

    @Test
    void keepsLargeCountersExact() throws Exception {
        assertEquals(100_004_000_000_000L, JsonReader.parse("100004000000000"));
        assertEquals(9_223_372_036_854_775_807L, JsonReader.parse("9223372036854775807"));
        // Past a long: a double, which counter() refuses rather than wrapping around.
        assertEquals(1.8446744073709552e19, JsonReader.parse("18446744073709551615"));
        assertEquals(7L, JsonReader.counter(JsonReader.parse("18446744073709551615"), 7));
    }

    @Test
    void decodesStringEscapes() throws Exception {
        assertEquals("a\"b\\c/d\n\té", JsonReader.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\""));
    }

    @Test
    void walksPathsAndReadsMissingValuesAsEmpty() throws Exception {
        Object stats = JsonReader.parse("{\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":42}},\"networks\":null}");

        assertEquals(42L, JsonReader.at(stats, "cpu_stats", "cpu_usage", "total_usage"));
        assertNull(JsonReader.at(stats, "cpu_stats", "missing", "total_usage"));
        assertTrue(JsonReader.array(JsonReader.at(stats, "networks")).isEmpty());
        assertTrue(JsonReader.object("text").isEmpty());
        assertEquals(-1, JsonReader.counter(-5L, -1));
        assertEquals(-1, JsonReader.counter(2.5, -1));
    }

    @Test
    void namesWhereTextStopsBeingJson() {
        JsonReader.JsonException e = assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse("{\"a\": tru}"));
        assertEquals("expected true at offset 6", e.getMessage());
        assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse("[1, 2"));
        assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse("{} {}"));
        assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse("\"open"));
        assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse("[1,]"));
    }

    @Test
    void readsNestedObjectsAndArraysInDocumentOrder() throws Exception {
        Object value = JsonReader.parse(" {\"b\": [1, -2, 3.5, 1e3], \"a\": {\"t\": true, \"f\": false, \"n\": null}} ");

        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) value).keySet()));
        assertEquals(List.of(1L, -2L, 3.5, 1000.0), JsonReader.at(value, "b"));
        Map<?, ?> literals = (Map<?, ?>) JsonReader.at(value, "a");
        assertEquals(Arrays.asList(true, false, null), new ArrayList<>(literals.values()));
    }

    @Test
    void readsEscapesAndLargeIntegers() throws Exception {
        assertEquals("a\"b\\c/d\n\u00e9", JsonReader.parse("\"a\\\"b\\\\c\\/d\\n\\u00e9\""));
        assertEquals(38_921_839_155L, JsonReader.parse("38921839155"));
        assertEquals(1.8446744073709552e19, JsonReader.parse("18446744073709551616"));
    }

    @Test
    void refusesMalformedText() {
        for (String text : List.of("", "{", "{\"a\" 1}", "[1,]", "tru", "\"open", "{} x", "-", "1.2.3")) {
            assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse(text), text);
        }
    }

    @Test
    void answersFallbacksForMissingOrMistypedMembers() throws Exception {
        Object value = JsonReader.parse("{\"id\": 9, \"name\": \"x\", \"raw\": {\"string\": \"12\"}}");

        assertEquals(9, JsonReader.integer(JsonReader.at(value, "id"), -1));
        assertEquals(-1, JsonReader.integer(JsonReader.at(value, "name"), -1));
        assertEquals("12", JsonReader.string(JsonReader.at(value, "raw", "string"), ""));
        assertEquals("", JsonReader.string(JsonReader.at(value, "flags", "string"), ""));
        assertEquals(List.of(), JsonReader.array(JsonReader.at(value, "table")));
    }
}
