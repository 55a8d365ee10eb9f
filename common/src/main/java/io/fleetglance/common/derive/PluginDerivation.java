package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * Turns the raw readings of one host's samples into one plugin's Glances stats. An instance belongs to one host and
 * keeps whatever it needs from earlier samples (previous counters, running min/max/mean); samples are handed to it in
 * order, one at a time.
 */
public interface PluginDerivation {

    /** The plugin whose stats this derivation produces, as named in the catalogue. */
    String plugin();

    /**
     * The plugin's stats for this sample, or empty when the sample lacks the readings it needs (the collector did
     * not run). An empty answer leaves the derivation's state as it was.
     */
    Optional<JsonNode> derive(Sample sample);

    /**
     * Adds the plugin's stats for this sample to {@code stats}: derived now, unless the derivation's stats are costly
     * and seldom read and it builds them on first read instead (see {@link DerivedStats}). It takes this sample
     * either way: its state moves on exactly as {@link #derive} moves it.
     */
    default void deriveInto(Sample sample, DerivedStats.Builder stats) {
        derive(sample).ifPresent(node -> stats.put(plugin(), node));
    }

    /**
     * Takes the settings of {@code config} that shape this plugin's stats (hide and show lists, aliases, sort key),
     * before the first sample and whenever the configuration changes. Derivations without settings ignore it.
     */
    default void configure(GlancesConfig config) {
    }

    /**
     * How a plugin's declaration makes a derivation for one host: it is attached to the plugin's {@link PluginSpec}
     * and called once per host, with the plugin's declaration and the configuration the host starts with.
     */
    @FunctionalInterface
    interface Factory {
        PluginDerivation create(PluginSpec spec, GlancesConfig config);
    }
}
