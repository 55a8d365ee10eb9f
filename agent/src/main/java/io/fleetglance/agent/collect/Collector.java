package io.fleetglance.agent.collect;

import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one part of the machine (one plugin, or a family of plugins that share one read) into a sample. */
public interface Collector {

    /** The Glances plugins this collector's reading serves, e.g. {@code ["cpu", "percpu"]}. */
    List<String> plugins();

    /**
     * Fills this collector's readings into {@code sample}. A reading that cannot be taken (no such file, no
     * permission, no hardware) is left out of the sample, or written empty, rather than invented.
     */
    void collect(Sample.Builder sample) throws IOException;

    /**
     * Whether this collector keeps its own timers for the refresh {@code glances.conf} gives its plugins (ports and
     * folders check in the background, each AMP has its own): then the sampler calls it at every sample, and does
     * not hold its readings for {@code [plugin] refresh} seconds as it does those of other collectors.
     */
    default boolean keepsOwnTimers() {
        return false;
    }

    /**
     * Takes the configuration in force: called at start with the local file's, and again whenever the hub's Welcome
     * brings one. Collectors whose work {@code glances.conf} describes ({@code [ports]}, {@code [folders]},
     * {@code [amp_*]}, {@code [containers]}, {@code [vms]}, {@code [cloud]}) override {@link #configure(Map)}; a
     * collector that costs something even when its plugin is off overrides this method. Implementations accept it
     * from any thread, also while a sample is being collected: a sample is collected wholly under the configuration
     * it started with, and the next one under the new configuration.
     *
     * @param disabledPlugins the plugins the configuration turns off
     * @param sections        section name to (key to raw value as written in {@code glances.conf})
     */
    default void configure(Set<String> disabledPlugins, Map<String, Map<String, String>> sections) {
        configure(sections);
    }

    /**
     * Replaces the whole configuration this collector works from (see {@link #configure(Set, Map)}); a section that
     * is absent is not configured, and the collector falls back to Glances' defaults for it. Does nothing by default.
     */
    default void configure(Map<String, Map<String, String>> sections) {
    }
}
