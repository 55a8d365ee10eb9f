package io.fleetglance.top;

import org.jline.utils.AttributedStyle;

/** How the screen is drawn: the colours and the character set. */
record Look(Palette palette, Glyphs glyphs) {

    AttributedStyle deco(String decoration) {
        return palette.decoration(decoration);
    }

    AttributedStyle title() {
        return palette.title();
    }

    Line line() {
        return new Line(glyphs);
    }
}
