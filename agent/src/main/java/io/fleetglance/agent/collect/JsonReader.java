package io.fleetglance.agent.collect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the few JSON answers the agent reads (the container engine's API, {@code multipass},
 * {@code smartctl}). It builds plain values: objects as ordered maps, arrays as lists, strings, {@code Long} for
 * integers that fit (else {@code Double}), {@code Double}, {@code Boolean} and {@code null}. The agent keeps no JSON
 * library on its classpath.
 */
final class JsonReader {

    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    /** The value of a JSON document. */
    static Object parse(String text) throws JsonException {
        JsonReader json = new JsonReader(text);
        json.skipSpace();
        Object value = json.value(0);
        json.skipSpace();
        if (json.at != text.length()) {
            throw json.error("unexpected text after the JSON value");
        }
        return value;
    }

    /** Thrown for text that is not JSON; says where. */
    static final class JsonException extends Exception {
        JsonException(String message) {
            super(message);
        }
    }

    // ---- access helpers: a missing or mistyped value reads as empty, never as an exception ----

    /** The value at {@code path} of nested objects, or null. */
    static Object at(Object root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    /** {@code value} as a string, or {@code fallback} when it is not a string. */
    static String string(Object value, String fallback) {
        return value instanceof String s ? s : fallback;
    }

    /** {@code value} as a long, negative ones included, or {@code fallback} when it is not an integer. */
    static long integer(Object value, long fallback) {
        return value instanceof Long l ? l : fallback;
    }

    /** An integral number, or {@code fallback}; a negative or fractional number also gives {@code fallback}. */
    static long counter(Object value, long fallback) {
        if (value instanceof Long l && l >= 0) {
            return l;
        }
        return fallback;
    }

    static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof Double;
    }

    static double decimal(Object value, double fallback) {
        if (value instanceof Long l) {
            return l;
        }
        return value instanceof Double d ? d : fallback;
    }

    // ---- parser ----

    private static final int MAX_DEPTH = 64;

    private Object value(int depth) throws JsonException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (at >= text.length()) {
            throw error("unexpected end of text");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) throws JsonException {
        at++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            at++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value(depth + 1));
            skipSpace();
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws JsonException {
        at++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            at++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipSpace();
            list.add(value(depth + 1));
            skipSpace();
            char c = next();
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws JsonException {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw error("bad escape '\\" + e + "'");
            }
        }
    }

    private Object number() throws JsonException {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        boolean integral = true;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c >= '0' && c <= '9') {
                at++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                at++;
            } else {
                break;
            }
        }
        String token = text.substring(start, at);
        try {
            if (integral) {
                try {
                    return Long.parseLong(token);
                } catch (NumberFormatException tooLarge) {
                    return Double.parseDouble(token);
                }
            }
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            at = start;
            throw error("bad number '" + token + "'");
        }
    }

    private Object literal(String word, Object value) throws JsonException {
        if (!text.startsWith(word, at)) {
            throw error("expected " + word);
        }
        at += word.length();
        return value;
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private char next() throws JsonException {
        if (at >= text.length()) {
            throw error("unexpected end of text");
        }
        return text.charAt(at++);
    }

    private void expect(char c) throws JsonException {
        if (next() != c) {
            at--;
            throw error("expected '" + c + "'");
        }
    }

    private JsonException error(String what) {
        return new JsonException(what + " at offset " + at);
    }
}
