package io.fleetglance.common.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Glances plugin catalogue: one {@link PluginSpec} per plugin, which drives the API, views, history and docs.
 * Plugins are listed in the order of Glances' observed {@code /pluginslist}, then the plugins disabled by default.
 */
public final class PluginCatalogue {

    private static final PluginCatalogue GLANCES = new PluginCatalogue(List.of(
            WorkloadPlugins.containers(),
            DevicePlugins.wifi(),
            HostPlugins.now(),
            HostPlugins.load(),
            DevicePlugins.folders(),
            HostPlugins.quicklook(),
            DevicePlugins.ip(),
            ProcessPlugins.programlist(),
            ProcessPlugins.alert(),
            DevicePlugins.network(),
            DevicePlugins.sensors(),
            DevicePlugins.fs(),
            ProcessPlugins.processlist(),
            HostPlugins.mem(),
            HostPlugins.version(),
            HostPlugins.cpu(),
            HostPlugins.uptime(),
            DevicePlugins.gpu(),
            HostPlugins.help(),
            HostPlugins.system(),
            HostPlugins.percpu(),
            WorkloadPlugins.ports(),
            HostPlugins.memswap(),
            ProcessPlugins.processcount(),
            HostPlugins.psutilversion(),
            HostPlugins.core(),
            DevicePlugins.diskio(),
            ProcessPlugins.amps(),
            HostPlugins.cloud(),
            DevicePlugins.connections(),
            DevicePlugins.irq(),
            DevicePlugins.raid(),
            DevicePlugins.smart(),
            WorkloadPlugins.vms()));

    private final List<PluginSpec> plugins;
    private final Map<String, PluginSpec> byName;

    private PluginCatalogue(List<PluginSpec> plugins) {
        this.plugins = List.copyOf(plugins);
        Map<String, PluginSpec> index = new LinkedHashMap<>();
        for (PluginSpec plugin : plugins) {
            if (index.put(plugin.name(), plugin) != null) {
                throw new IllegalArgumentException("plugin " + plugin.name() + " is catalogued twice");
            }
        }
        this.byName = Map.copyOf(index);
    }

    /** The catalogue of Glances 4 (the 34 plugins of the API). */
    public static PluginCatalogue glances() {
        return GLANCES;
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
