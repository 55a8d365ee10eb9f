package io.fleetglance.top;

import org.jline.utils.AttributedStyle;

/**
 * Glances' curses colours for its decorations: OK green, CAREFUL blue, WARNING magenta, CRITICAL red, and the
 * {@code _LOG} forms (the value is logged to the events list) as white on those colours. Monochrome keeps them apart
 * with underline, bold and reverse video.
 */
enum Palette {
    COLOR_256, COLOR_8, MONO;

    private static final int[] FG_256 = {34, 33, 127, 160};
    private static final int[] BG_256 = {28, 25, 90, 124};
    private static final int[] FG_8 = {AttributedStyle.GREEN, AttributedStyle.BLUE, AttributedStyle.MAGENTA,
        AttributedStyle.RED};

    /** The palette for a terminal of {@code maxColors} colours; monochrome when colours are turned off. */
    static Palette of(int maxColors, boolean noColor) {
        if (noColor || maxColors < 8) {
            return MONO;
        }
        return maxColors >= 256 ? COLOR_256 : COLOR_8;
    }

    /** The style of a Glances decoration ({@code OK}, {@code WARNING_LOG}…); the default style for anything else. */
    AttributedStyle decoration(String decoration) {
        if (decoration == null) {
            return AttributedStyle.DEFAULT;
        }
        boolean log = decoration.endsWith("_LOG");
        String level = log ? decoration.substring(0, decoration.length() - 4) : decoration;
        int i = switch (level) {
            case "OK" -> 0;
            case "CAREFUL" -> 1;
            case "WARNING" -> 2;
            case "CRITICAL" -> 3;
            default -> -1;
        };
        if (i < 0) {
            return AttributedStyle.DEFAULT;
        }
        return switch (this) {
            case COLOR_256 -> log ? AttributedStyle.DEFAULT.foreground(AttributedStyle.WHITE).background(BG_256[i])
                    : AttributedStyle.DEFAULT.foreground(FG_256[i]);
            case COLOR_8 -> log ? AttributedStyle.DEFAULT.foreground(AttributedStyle.WHITE).background(FG_8[i])
                    : AttributedStyle.DEFAULT.foreground(FG_8[i]);
            case MONO -> mono(i, log);
        };
    }

    private static AttributedStyle mono(int level, boolean log) {
        AttributedStyle s = switch (level) {
            case 1 -> AttributedStyle.DEFAULT.underline();
            case 2 -> AttributedStyle.BOLD;
            case 3 -> AttributedStyle.BOLD.inverse();
            default -> AttributedStyle.DEFAULT;
        };
        return log && level > 0 && level < 3 ? s.inverse() : s;
    }

    AttributedStyle title() {
        return AttributedStyle.BOLD;
    }

    /** The column the process list is sorted by. */
    AttributedStyle sorted() {
        return AttributedStyle.BOLD.underline();
    }

    AttributedStyle selected() {
        return AttributedStyle.DEFAULT.inverse();
    }

    /** Secondary text: Glances' dim process arguments and units. */
    AttributedStyle dim() {
        return this == MONO ? AttributedStyle.DEFAULT : AttributedStyle.DEFAULT.foreground(this == COLOR_256 ? 245
                : AttributedStyle.BRIGHT | AttributedStyle.BLACK);
    }

    /** The filter and other things the user typed (Glances' FILTER: cyan and bold). */
    AttributedStyle filter() {
        return this == MONO ? AttributedStyle.BOLD : AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
    }

    /** The banner of a hub that does not answer or a host that is OFFLINE. */
    AttributedStyle banner() {
        return this == MONO ? AttributedStyle.BOLD.inverse()
                : AttributedStyle.BOLD.foreground(AttributedStyle.WHITE).background(AttributedStyle.RED);
    }
}
