package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.Sample;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin whose stats are built from other plugins' stats of the same sample, as Glances builds programlist from
 * the process list and quicklook from cpu, memory, load and GPU figures. It runs after every {@link PluginDerivation}.
 */
public interface DependentDerivation {

    /** The plugin whose stats this derivation produces, as named in the catalogue. */
    String plugin();

    /**
     * The plugin's stats for this sample, or empty when what it needs is absent.
     *
     * @param stats the stats the plugin derivations produced for this sample, by plugin name; not to be modified
     */
    Optional<JsonNode> derive(Sample sample, Map<String, JsonNode> stats);

    /**
     * Adds the plugin's stats for this sample to {@code out}: derived now, unless the derivation builds them on
     * first read (see {@link DerivedStats}).
     *
     * @param stats the stats the plugin derivations produced for this sample; reading one builds it
     */
    default void deriveInto(Sample sample, DerivedStats stats, DerivedStats.Builder out) {
        derive(sample, stats).ifPresent(node -> out.put(plugin(), node));
    }

    /** How a plugin's declaration makes this derivation for one host (see {@link PluginDerivation.Factory}). */
    @FunctionalInterface
    interface Factory {
        DependentDerivation create(PluginSpec spec);
    }
}
