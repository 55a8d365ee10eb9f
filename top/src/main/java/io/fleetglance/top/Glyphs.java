package io.fleetglance.top;

import java.nio.charset.Charset;

/** The characters drawn with: UTF-8 bars and marks where the terminal can show them, plain ASCII otherwise. */
record Glyphs(char barFull, char barEmpty, String ellipsis, String sortMark, String selectMark) {

    static final Glyphs UTF8 = new Glyphs('■', '·', "…", "▼", "▶");
    static final Glyphs ASCII = new Glyphs('|', ' ', "~", "v", ">");

    /** UTF-8 unless told otherwise or the terminal's encoding cannot carry it. */
    static Glyphs of(boolean asciiAsked, Charset terminalEncoding) {
        boolean utf8 = terminalEncoding != null && terminalEncoding.name().toUpperCase().startsWith("UTF");
        return asciiAsked || !utf8 ? ASCII : UTF8;
    }
}
