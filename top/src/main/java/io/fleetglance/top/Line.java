package io.fleetglance.top;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** One line of a panel, written left to right in fixed-width cells. */
final class Line {

    private final AttributedStringBuilder b = new AttributedStringBuilder();
    private final Glyphs glyphs;

    Line(Glyphs glyphs) {
        this.glyphs = glyphs;
    }

    Line text(String s, AttributedStyle style) {
        b.styled(style, s);
        return this;
    }

    Line text(String s) {
        b.append(s);
        return this;
    }

    /** {@code s} left-aligned in a cell of {@code width} columns. */
    Line left(String s, int width, AttributedStyle style) {
        b.styled(style, Units.left(s, width, glyphs));
        return this;
    }

    /** {@code s} right-aligned in a cell of {@code width} columns. */
    Line right(String s, int width, AttributedStyle style) {
        b.styled(style, Units.right(s, width));
        return this;
    }

    Line gap(int n) {
        if (n > 0) {
            b.append(" ".repeat(n));
        }
        return this;
    }

    int length() {
        return b.columnLength();
    }

    AttributedString done() {
        return b.toAttributedString();
    }
}
