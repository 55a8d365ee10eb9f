package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Numbers as Glances' curses interface prints them (its {@code auto_unit}, percentages, process times). */
final class Units {

    private static final String SYMBOLS = "KMGTPEZY";

    private Units() {
    }

    /** Glances' {@code auto_unit}: 1024-based, at most 4 significant characters, "-" for a missing value. */
    static String auto(double number, boolean lowPrecision) {
        if (Double.isNaN(number)) {
            return "-";
        }
        for (int i = SYMBOLS.length() - 1; i >= 0; i--) {
            double value = number / Math.pow(1024, i + 1);
            if (value > 1) {
                char symbol = SYMBOLS.charAt(i);
                int decimals = value < 10 ? 2 : value < 100 ? 1 : 0;
                if (lowPrecision) {
                    decimals = symbol == 'M' || symbol == 'K' ? 0 : Math.min(1, decimals);
                } else if (symbol == 'K') {
                    decimals = 0;
                }
                return String.format(Locale.ROOT, "%." + decimals + "f%c", value, symbol);
            }
        }
        return number == Math.rint(number) ? Long.toString((long) number)
                : String.format(Locale.ROOT, "%.1f", number);
    }

    static String auto(JsonNode n, boolean lowPrecision) {
        return n != null && n.isNumber() ? auto(n.asDouble(), lowPrecision) : "-";
    }

    /** A percentage with one decimal and no sign, or "-" when the hub sent none. */
    static String percent(JsonNode n) {
        return n != null && n.isNumber() ? String.format(Locale.ROOT, "%.1f", n.asDouble()) : "-";
    }

    static String fixed(JsonNode n, int decimals) {
        return n != null && n.isNumber() ? String.format(Locale.ROOT, "%." + decimals + "f", n.asDouble()) : "-";
    }

    /** Glances' process TIME+: {@code m:ss.cc} under an hour, {@code HhMM:SS} above, {@code Nh} past 99 hours. */
    static String cpuTime(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            return "?";
        }
        long hundredths = Math.round(seconds * 100);
        long total = hundredths / 100;
        long hours = total / 3600;
        long minutes = (total % 3600) / 60;
        long secs = total % 60;
        if (hours > 99) {
            return hours + "h";
        }
        if (hours > 0) {
            return String.format(Locale.ROOT, "%dh%02d:%02d", hours, minutes, secs);
        }
        return String.format(Locale.ROOT, "%d:%02d.%02d", minutes, secs, hundredths % 100);
    }

    /** A text cut to {@code width} (with the ellipsis of the character set) or padded on the right. */
    static String left(String s, int width, Glyphs glyphs) {
        if (width <= 0) {
            return "";
        }
        if (s.length() > width) {
            return s.substring(0, Math.max(0, width - 1)) + glyphs.ellipsis();
        }
        return s + " ".repeat(width - s.length());
    }

    static String right(String s, int width) {
        if (width <= 0) {
            return "";
        }
        if (s.length() >= width) {
            return s.substring(s.length() - width);
        }
        return " ".repeat(width - s.length()) + s;
    }
}
