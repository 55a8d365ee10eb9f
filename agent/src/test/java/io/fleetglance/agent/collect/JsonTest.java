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

class JsonTest {

    @Test
    void readsObjectsInOrderWithEveryKindOfValue() throws Exception {
        Object value = Json.parse(" {\"b\": 1, \"a\": [true, false, null], \"c\": -2.5e1, \"d\": \"x\"} ");

        Map<String, Object> object = Json.object(value);
        assertEquals(List.of("b", "a", "c", "d"), List.copyOf(object.keySet()));
        assertEquals(1L, object.get("b"));
        assertEquals(Arrays.asList(true, false, null), object.get("a"));
        assertEquals(-25.0, object.get("c"));
        assertEquals("x", object.get("d"));
    }

    @Test
    void keepsLargeCountersExact() throws Exception {
        assertEquals(100_004_000_000_000L, Json.parse("100004000000000"));
        assertEquals(9_223_372_036_854_775_807L, Json.parse("9223372036854775807"));
        // Past a long: a double, which counter() refuses rather than wrapping around.
        assertEquals(1.8446744073709552e19, Json.parse("18446744073709551615"));
        assertEquals(7L, Json.counter(Json.parse("18446744073709551615"), 7));
    }

    @Test
    void decodesStringEscapes() throws Exception {
        assertEquals("a\"b\\c/d\n\té", Json.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\""));
    }

    @Test
    void walksPathsAndReadsMissingValuesAsEmpty() throws Exception {
        Object stats = Json.parse("{\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":42}},\"networks\":null}");

        assertEquals(42L, Json.at(stats, "cpu_stats", "cpu_usage", "total_usage"));
        assertNull(Json.at(stats, "cpu_stats", "missing", "total_usage"));
        assertTrue(Json.array(Json.at(stats, "networks")).isEmpty());
        assertTrue(Json.object("text").isEmpty());
        assertEquals(-1, Json.counter(-5L, -1));
        assertEquals(-1, Json.counter(2.5, -1));
    }

    @Test
    void namesWhereTextStopsBeingJson() {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\": tru}"));
        assertEquals("expected true at offset 6", e.getMessage());
        assertThrows(Json.JsonException.class, () -> Json.parse("[1, 2"));
        assertThrows(Json.JsonException.class, () -> Json.parse("{} {}"));
        assertThrows(Json.JsonException.class, () -> Json.parse("\"open"));
        assertThrows(Json.JsonException.class, () -> Json.parse("[1,]"));
    }

    @Test
    void readsNestedObjectsAndArraysInDocumentOrder() throws Exception {
        Object value = Json.parse(" {\"b\": [1, -2, 3.5, 1e3], \"a\": {\"t\": true, \"f\": false, \"n\": null}} ");

        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) value).keySet()));
        assertEquals(List.of(1L, -2L, 3.5, 1000.0), Json.at(value, "b"));
        Map<?, ?> literals = (Map<?, ?>) Json.at(value, "a");
        assertEquals(Arrays.asList(true, false, null), new ArrayList<>(literals.values()));
    }

    @Test
    void readsEscapesAndLargeIntegers() throws Exception {
        assertEquals("a\"b\\c/d\n\u00e9", Json.parse("\"a\\\"b\\\\c\\/d\\n\\u00e9\""));
        assertEquals(38_921_839_155L, Json.parse("38921839155"));
        assertEquals(1.8446744073709552e19, Json.parse("18446744073709551616"));
    }

    @Test
    void refusesMalformedText() {
        for (String text : List.of("", "{", "{\"a\" 1}", "[1,]", "tru", "\"open", "{} x", "-", "1.2.3")) {
            assertThrows(Json.JsonException.class, () -> Json.parse(text), text);
        }
    }

    @Test
    void answersFallbacksForMissingOrMistypedMembers() throws Exception {
        Object value = Json.parse("{\"id\": 9, \"name\": \"x\", \"raw\": {\"string\": \"12\"}}");

        assertEquals(9, Json.integer(Json.at(value, "id"), -1));
        assertEquals(-1, Json.integer(Json.at(value, "name"), -1));
        assertEquals("12", Json.string(Json.at(value, "raw", "string"), ""));
        assertEquals("", Json.string(Json.at(value, "flags", "string"), ""));
        assertEquals(List.of(), Json.array(Json.at(value, "table")));
    }
}
