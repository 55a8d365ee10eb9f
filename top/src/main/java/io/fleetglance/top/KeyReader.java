package io.fleetglance.top;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.utils.Curses;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * Turns the terminal's input into keys. The sequences of the arrow and page keys come from the terminal's own
 * terminfo capabilities (and their normal-mode form), so no escape sequence is written here; a lone Esc is told apart
 * from the start of a sequence by a short wait, as curses does.
 */
final class KeyReader {

    /** A key: a named one, or a character. */
    record Key(Named named, int ch) {
        static Key of(int ch) {
            return new Key(Named.CHAR, ch);
        }

        static Key named(Named n) {
            return new Key(n, 0);
        }

        boolean is(char c) {
            return named == Named.CHAR && ch == c;
        }
    }

    enum Named { CHAR, UP, DOWN, PAGE_UP, PAGE_DOWN, HOME, END, ENTER, ESCAPE, BACKSPACE, INTERRUPT }

    private static final int ESC = 27;
    private static final long ESC_WAIT_MS = 40;

    private final NonBlockingReader reader;
    private final Map<String, Named> sequences = new LinkedHashMap<>();

    KeyReader(Terminal terminal) {
        this.reader = terminal.reader();
        add(terminal, Capability.key_up, Named.UP);
        add(terminal, Capability.key_down, Named.DOWN);
        add(terminal, Capability.key_ppage, Named.PAGE_UP);
        add(terminal, Capability.key_npage, Named.PAGE_DOWN);
        add(terminal, Capability.key_home, Named.HOME);
        add(terminal, Capability.key_end, Named.END);
    }

    private void add(Terminal terminal, Capability cap, Named key) {
        String seq = terminal.getStringCapability(cap);
        if (seq == null) {
            return;
        }
        String s = Curses.tputs(seq);
        sequences.put(s, key);
        // terminfo gives the keypad-transmit form (ESC O x); a terminal that ignores keypad mode sends ESC [ x.
        if (s.length() > 2 && s.charAt(0) == ESC && s.charAt(1) == 'O') {
            sequences.putIfAbsent(s.substring(0, 1) + "[" + s.substring(2), key);
        }
    }

    /** The next key within {@code timeoutMs}, or null. */
    Key read(long timeoutMs) throws IOException {
        int c = reader.read(timeoutMs);
        if (c < 0) {
            return null;
        }
        switch (c) {
            case '\r', '\n':
                return Key.named(Named.ENTER);
            case 127, 8:
                return Key.named(Named.BACKSPACE);
            case 3:
                return Key.named(Named.INTERRUPT);
            case ESC:
                return escape();
            default:
                return Key.of(c);
        }
    }

    private Key escape() throws IOException {
        StringBuilder seq = new StringBuilder().append((char) ESC);
        while (true) {
            int next = reader.peek(ESC_WAIT_MS);
            if (next < 0) {
                return seq.length() == 1 ? Key.named(Named.ESCAPE) : Key.named(Named.CHAR);
            }
            String candidate = seq.toString() + (char) next;
            if (!isPrefix(candidate)) {
                if (seq.length() == 1 && next != '[' && next != 'O') {
                    return Key.named(Named.ESCAPE);
                }
                // A sequence this terminal's terminfo does not name (a function key…): drop all of it, so none of
                // its characters is taken for a hotkey.
                while (reader.peek(ESC_WAIT_MS) >= 0) {
                    reader.read();
                }
                return Key.of(0);
            }
            reader.read();
            seq.append((char) next);
            Named n = sequences.get(seq.toString());
            if (n != null) {
                return Key.named(n);
            }
        }
    }

    private boolean isPrefix(String s) {
        for (String known : sequences.keySet()) {
            if (known.startsWith(s)) {
                return true;
            }
        }
        return false;
    }
}
