package io.fleetglance.agent.collect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small reader of JSON text (RFC 8259) into plain Java values, for the few tools that answer in JSON (smartctl):
 * objects become {@code Map<String, Object>} in document order, arrays {@code List<Object>}, strings
 * {@code String}, integers {@code Long} (a {@code Double} beyond 64 bits), other numbers {@code Double}, and
 * {@code true}/{@code false}/{@code null} themselves.
 */
final class JsonText {

    private final String text;
    private int at;

    private JsonText(String text) {
        this.text = text;
    }

    /** The value of a JSON document. */
    static Object parse(String text) {
        JsonText reader = new JsonText(text);
        Object value = reader.value();
        reader.blanks();
        if (reader.at != text.length()) {
            throw reader.error("end of document");
        }
        return value;
    }

    /** The member {@code key} of {@code value} when it is an object holding one, else null. */
    static Object member(Object value, String key) {
        return value instanceof Map<?, ?> object ? object.get(key) : null;
    }

    /** {@code value} as a list, or an empty list when it is not an array. */
    static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    /** {@code value} as a string, or {@code fallback} when it is not a string. */
    static String string(Object value, String fallback) {
        return value instanceof String string ? string : fallback;
    }

    /** {@code value} as a long, or {@code fallback} when it is not an integer. */
    static long integer(Object value, long fallback) {
        return value instanceof Long number ? number : fallback;
    }

    private Object value() {
        blanks();
        if (at >= text.length()) {
            throw error("a value");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> object = new LinkedHashMap<>();
        at++;
        blanks();
        if (peek('}')) {
            at++;
            return object;
        }
        while (true) {
            blanks();
            if (!peek('"')) {
                throw error("a member name");
            }
            String key = string();
            blanks();
            expect(':');
            object.put(key, value());
            blanks();
            if (peek(',')) {
                at++;
            } else {
                expect('}');
                return object;
            }
        }
    }

    private List<Object> array() {
        List<Object> array = new ArrayList<>();
        at++;
        blanks();
        if (peek(']')) {
            at++;
            return array;
        }
        while (true) {
            array.add(value());
            blanks();
            if (peek(',')) {
                at++;
            } else {
                expect(']');
                return array;
            }
        }
    }

    private String string() {
        at++;
        StringBuilder string = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return string.toString();
            }
            if (c != '\\') {
                string.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> string.append(escaped);
                case 'b' -> string.append('\b');
                case 'f' -> string.append('\f');
                case 'n' -> string.append('\n');
                case 'r' -> string.append('\r');
                case 't' -> string.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("four hex digits");
                    }
                    try {
                        string.append((char) Integer.parseInt(text, at, at + 4, 16));
                    } catch (NumberFormatException e) {
                        throw error("four hex digits");
                    }
                    at += 4;
                }
                default -> throw error("an escape");
            }
        }
        throw error("the end of a string");
    }

    private Object number() {
        int start = at;
        if (peek('-')) {
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
        String number = text.substring(start, at);
        try {
            if (integral) {
                return Long.parseLong(number);
            }
        } catch (NumberFormatException e) {
            // An integer beyond 64 bits: keep its magnitude as a double.
        }
        try {
            if (number.isEmpty() || number.equals("-")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            at = start;
            throw error("a value");
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error(word);
        }
        at += word.length();
        return value;
    }

    private void blanks() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("'" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("malformed JSON: expected " + expected + " at offset " + at);
    }
}
