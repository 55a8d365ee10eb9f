package io.fleetglance.common.events;

import java.util.Optional;

/** The alert levels Glances' thresholds produce, with the weight its global alert message adds up. */
public enum Level {
    OK(0),
    CAREFUL(1),
    WARNING(2),
    CRITICAL(3);

    /** The decoration of a value that has no thresholds, or that was not evaluated. */
    public static final String DEFAULT = "DEFAULT";

    private static final String LOG_SUFFIX = "_LOG";

    private final int weight;

    Level(int weight) {
        this.weight = weight;
    }

    /** OK 0, CAREFUL 1, WARNING 2, CRITICAL 3. */
    public int weight() {
        return weight;
    }

    /** This level as a view decoration; {@code logged} adds the {@code _LOG} suffix Glances gives logged stats. */
    public String decoration(boolean logged) {
        return logged ? name() + LOG_SUFFIX : name();
    }

    /** An event opens at WARNING or CRITICAL, and closes at OK or CAREFUL. */
    public boolean opensEvent() {
        return this == WARNING || this == CRITICAL;
    }

    /** The level of a decoration ({@code OK}, {@code WARNING_LOG}…), empty for {@code DEFAULT} and others. */
    public static Optional<Level> ofDecoration(String decoration) {
        String bare = decoration.endsWith(LOG_SUFFIX)
                ? decoration.substring(0, decoration.length() - LOG_SUFFIX.length()) : decoration;
        for (Level level : values()) {
            if (level.name().equals(bare)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
