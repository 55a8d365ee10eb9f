package io.fleetglance.agent.collect;

import java.util.Map;

/**
 * A collector whose work is described by {@code glances.conf} sections ({@code [ports]}, {@code [folders]},
 * {@code [amp_*]}, {@code [containers]}, {@code [vms]}, {@code [cloud]}). The agent calls {@link #configure} once at
 * start with the sections of its local file, and again whenever the hub's Welcome brings sections.
 *
 * <p>Implementations accept {@code configure} from any thread, also while a sample is being collected: a sample is
 * collected wholly under the configuration it started with, and the next one under the new configuration.
 */
public interface ConfigurableCollector {

    /**
     * Replaces the whole configuration this collector works from.
     *
     * @param sections section name to (key to raw value as written in {@code glances.conf}); a section that is absent
     *                 is not configured, and the collector falls back to Glances' defaults for it
     */
    void configure(Map<String, Map<String, String>> sections);
}
