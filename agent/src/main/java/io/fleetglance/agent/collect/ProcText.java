package io.fleetglance.agent.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** The text format of {@code /proc}, {@code /sys} and {@code /etc} files: read if present, split into columns. */
final class ProcText {

    /** A sysfs number: an optional sign, digits, an optional fraction (compiled once: read per CPU per sample). */
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d*)?");

    private ProcText() {
    }

    /**
     * The file's text, or empty when it cannot be read. Kernel files come and go with the things they describe
     * (a process exits, a device is unplugged), so "cannot read" is an ordinary answer here, not an error.
     */
    static Optional<String> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            // One large read from offset 0: sysctl files (pid_max...) answer EOF to any read at a later offset, so
            // Files.readAllBytes, which starts with a 1-byte read when the size is 0, sees only their first digit.
            byte[] text = new byte[8192];
            int length = 0;
            int read;
            while ((read = in.read(text, length, text.length - length)) > 0) {
                length += read;
                if (length == text.length) {
                    text = Arrays.copyOf(text, text.length * 2);
                }
            }
            // Decoding leniently: a stray non-UTF-8 byte in a hostname or os-release must not hide the whole file.
            return Optional.of(new String(text, 0, length, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The first line of the file, trimmed, or empty when it cannot be read or is blank. */
    static Optional<String> firstLine(Path file) {
        return read(file).map(ProcText::firstLineOf).filter(line -> !line.isEmpty());
    }

    /** The first line of a text, trimmed. */
    static String firstLineOf(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }

    /**
     * The names in {@code dir} that start with {@code prefix}, in directory order; empty when it cannot be listed
     * (absent, not a directory, no permission). Through {@link java.io.File#list}, which answers a missing directory
     * with null rather than an exception, and with no glob to compile: listings that are empty or missing on most
     * machines (hwmon, thermal zones, GPUs) cost next to nothing at every sample.
     */
    static List<String> names(Path dir, String prefix) {
        String[] names;
        try {
            names = dir.toFile().list();
        } catch (SecurityException | UnsupportedOperationException e) {
            return List.of();
        }
        if (names == null) {
            return List.of();
        }
        List<String> matching = new ArrayList<>(names.length);
        for (String name : names) {
            if (name.startsWith(prefix)) {
                matching.add(name);
            }
        }
        return matching;
    }

    /** The lines of a text, without their line ends. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            lines.add(text.substring(start, end));
            start = end + 1;
        }
        return lines;
    }

    /** The columns of a line separated by runs of spaces and tabs (kernel tables align with either). */
    static List<String> columns(String line) {
        List<String> columns = new ArrayList<>();
        int length = line.length();
        int i = 0;
        while (i < length) {
            while (i < length && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                columns.add(line.substring(start, i));
            }
        }
        return columns;
    }

    /** An unsigned decimal counter, or empty when the text is not one. */
    static OptionalLong unsigned(String text) {
        if (text.isEmpty() || text.charAt(0) == '+' || text.charAt(0) == '-') {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A non-negative decimal such as {@code 0.44}, or NaN when the text is not one. */
    static double decimal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The number in a one-value file such as {@code temp1_input} or {@code capacity} (an integer or a decimal, may
     * be negative), or empty when the file is absent, cannot be read (sysfs answers EIO or ENODATA for a sensor
     * that is not wired) or holds something else.
     */
    static OptionalDouble number(Path file) {
        Optional<String> text = firstLine(file);
        if (text.isEmpty() || !NUMBER.matcher(text.get()).matches()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(text.get()));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
