package io.fleetglance.hub.metrics;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads back the seconds of the uptime plugin's display string (Python's {@code str(timedelta)}). */
final class UptimeSeconds {

    private static final Pattern FORM = Pattern.compile("(?:(-?\\d+) days?, )?(\\d+):(\\d{2}):(\\d{2})(?:\\.\\d+)?");

    private UptimeSeconds() {
    }

    /** {@code "1 day, 2:03:04"} is 93784; a string of another form is empty. */
    static OptionalLong parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        return OptionalLong.of(days * 86_400 + Long.parseLong(m.group(2)) * 3600 + Long.parseLong(m.group(3)) * 60
                + Long.parseLong(m.group(4)));
    }
}
