package io.fleetglance.top;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** A rectangle of styled text: one panel as drawn, {@code width} columns wide, one string per line. */
record Block(int width, List<AttributedString> lines) {

    Block {
        lines = List.copyOf(lines);
    }

    static final Block EMPTY = new Block(0, List.of());

    int height() {
        return lines.size();
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** The first {@code n} lines. */
    Block top(int n) {
        return n >= lines.size() ? this : new Block(width, lines.subList(0, Math.max(0, n)));
    }

    /** Blocks side by side, {@code gap} columns apart, padded to the tallest. */
    static Block beside(List<Block> blocks, int gap) {
        int height = blocks.stream().mapToInt(Block::height).max().orElse(0);
        int width = 0;
        List<AttributedString> out = new ArrayList<>();
        for (int row = 0; row < height; row++) {
            AttributedStringBuilder b = new AttributedStringBuilder();
            for (int i = 0; i < blocks.size(); i++) {
                Block block = blocks.get(i);
                if (i > 0) {
                    b.append(" ".repeat(gap));
                }
                b.append(fit(row < block.height() ? block.lines().get(row) : AttributedString.EMPTY, block.width()));
            }
            out.add(b.toAttributedString());
        }
        for (int i = 0; i < blocks.size(); i++) {
            width += blocks.get(i).width() + (i > 0 ? gap : 0);
        }
        return new Block(width, out);
    }

    /** A line cut or padded to exactly {@code width} columns. */
    static AttributedString fit(AttributedString line, int width) {
        int w = line.columnLength();
        if (w == width) {
            return line;
        }
        if (w > width) {
            return line.columnSubSequence(0, width);
        }
        AttributedStringBuilder b = new AttributedStringBuilder(width);
        b.append(line);
        b.append(" ".repeat(width - w));
        return b.toAttributedString();
    }

    /** Builds a block line by line. */
    static final class Builder {
        private final int width;
        private final List<AttributedString> lines = new ArrayList<>();

        Builder(int width) {
            this.width = width;
        }

        Builder add(AttributedString line) {
            lines.add(fit(line, width));
            return this;
        }

        Builder add(Line line) {
            return add(line.done());
        }

        Builder add(String text, AttributedStyle style) {
            return add(new AttributedString(text, style));
        }

        Block build() {
            return new Block(width, lines);
        }
    }
}
