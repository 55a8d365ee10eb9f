package io.fleetglance.common.names;

/**
 * Text that came from the network, made safe to put in a log line: control characters (a newline would start a
 * forged line), backslashes and quotes are escaped, everything beyond {@code max} characters is cut.
 */
public final class LogText {

    private LogText() {
    }

    /** {@code text} with control and non-ASCII characters as {@code \n}, {@code \xNN} or {@code \\uNNNN}. */
    public static String escape(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= max) {
                return out.append("...(").append(text.length()).append(" chars)").toString();
            }
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@link #escape(String, int)} cut at 128 characters, the longest valid host name. */
    public static String escape(String text) {
        return escape(text, 128);
    }
}
