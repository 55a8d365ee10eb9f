package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void readsNestedObjectsAndArraysInDocumentOrder() {
        Object value = JsonText.parse(" {\"b\": [1, -2, 3.5, 1e3], \"a\": {\"t\": true, \"f\": false, \"n\": null}} ");

        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) value).keySet()));
        assertEquals(List.of(1L, -2L, 3.5, 1000.0), JsonText.member(value, "b"));
        Map<?, ?> literals = (Map<?, ?>) JsonText.member(value, "a");
        assertEquals(Arrays.asList(true, false, null), new ArrayList<>(literals.values()));
    }

    @Test
    void readsEscapesAndLargeIntegers() {
        assertEquals("a\"b\\c/d\n\u00e9", JsonText.parse("\"a\\\"b\\\\c\\/d\\n\\u00e9\""));
        assertEquals(38_921_839_155L, JsonText.parse("38921839155"));
        assertEquals(1.8446744073709552e19, JsonText.parse("18446744073709551616"));
    }

    @Test
    void refusesMalformedText() {
        for (String text : List.of("", "{", "{\"a\" 1}", "[1,]", "tru", "\"open", "{} x", "-", "1.2.3")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> JsonText.parse(text),
                    text);
            assertTrue(error.getMessage().startsWith("malformed JSON: expected "), error.getMessage());
        }
    }

    @Test
    void answersFallbacksForMissingOrMistypedMembers() {
        Object value = JsonText.parse("{\"id\": 9, \"name\": \"x\", \"raw\": {\"string\": \"12\"}}");

        assertEquals(9, JsonText.integer(JsonText.member(value, "id"), -1));
        assertEquals(-1, JsonText.integer(JsonText.member(value, "name"), -1));
        assertEquals("12", JsonText.string(JsonText.member(JsonText.member(value, "raw"), "string"), ""));
        assertEquals("", JsonText.string(JsonText.member(JsonText.member(value, "flags"), "string"), ""));
        assertEquals(List.of(), JsonText.list(JsonText.member(value, "table")));
    }
}
