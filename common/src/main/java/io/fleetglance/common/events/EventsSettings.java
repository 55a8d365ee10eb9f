package io.fleetglance.common.events;

import io.fleetglance.common.config.GlancesConfig;

/**
 * How a host's events list behaves, from the {@code [alert]} and {@code [processlist]} sections.
 *
 * @param maxEvents      the most events kept; the oldest is dropped beyond it ({@code max_events}, 10)
 * @param minDuration    an event closed sooner than this many seconds after it began is deleted
 *                       ({@code min_duration}, 6)
 * @param minInterval    an event of the same type seen again within this many seconds of its end is re-opened
 *                       rather than a new one created ({@code min_interval}, 6)
 * @param processSortKey the process sort key set in the configuration ({@code [processlist] sort_key}), or
 *                       {@code auto} to let events choose it
 */
public record EventsSettings(int maxEvents, int minDuration, int minInterval, String processSortKey) {

    public static final String AUTO = "auto";

    /** Glances' defaults. */
    public static final EventsSettings DEFAULTS = new EventsSettings(10, 6, 6, AUTO);

    public EventsSettings {
        if (maxEvents < 0 || minDuration < 0 || minInterval < 0) {
            throw new IllegalArgumentException("event settings cannot be negative: max_events=" + maxEvents
                    + " min_duration=" + minDuration + " min_interval=" + minInterval);
        }
        if (processSortKey == null || processSortKey.isBlank()) {
            processSortKey = AUTO;
        }
    }

    /** The settings a configuration gives (values already validated as whole numbers). */
    public static EventsSettings of(GlancesConfig config) {
        return new EventsSettings(
                config.getInt("alert", "max_events", DEFAULTS.maxEvents()),
                config.getInt("alert", "min_duration", DEFAULTS.minDuration()),
                config.getInt("alert", "min_interval", DEFAULTS.minInterval()),
                config.get("processlist", "sort_key").orElse(AUTO));
    }
}
