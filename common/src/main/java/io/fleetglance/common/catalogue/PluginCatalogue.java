package io.fleetglance.common.catalogue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin catalogue: one {@link PluginSpec} per plugin, which drives the API, views, history, derivation and docs.
 * Glances' own is {@code io.fleetglance.common.plugins.GlancesPlugins.catalogue()}.
 */
public final class PluginCatalogue {

    private final List<PluginSpec> plugins;
    private final Map<String, PluginSpec> byName;
    private final Map<String, Integer> positions;

    /** A catalogue of these plugins, in this order; names must be unique. */
    public PluginCatalogue(List<PluginSpec> plugins) {
        this.plugins = List.copyOf(plugins);
        Map<String, PluginSpec> index = new LinkedHashMap<>();
        for (PluginSpec plugin : plugins) {
            if (index.put(plugin.name(), plugin) != null) {
                throw new IllegalArgumentException("plugin " + plugin.name() + " is catalogued twice");
            }
        }
        this.byName = Map.copyOf(index);
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < this.plugins.size(); i++) {
            at.put(this.plugins.get(i).name(), i);
        }
        this.positions = Map.copyOf(at);
    }

    /** The plugin's position in {@link #plugins()}, -1 for a name that is not catalogued. */
    public int position(String name) {
        Integer at = positions.get(name);
        return at == null ? -1 : at;
    }

    /** The plugin of that name, if it exists. */
    public Optional<PluginSpec> plugin(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every plugin, in Glances' {@code /pluginslist} order followed by the plugins disabled by default. */
    public List<PluginSpec> plugins() {
        return plugins;
    }
}
