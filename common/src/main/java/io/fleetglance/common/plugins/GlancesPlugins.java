package io.fleetglance.common.plugins;

import io.fleetglance.common.catalogue.PluginCatalogue;
import java.util.List;

/**
 * Glances 4's plugins, each declared once: its fields (texts, units, which are rates, which are decorated), its key,
 * its history items, whether the shipped {@code glances.conf} enables it, how its stats are derived from an agent's
 * readings and how its views are decorated. Adding a plugin or a field means a proto message or field, the agent's
 * collector, and that plugin's declaration in {@link HostPlugins}, {@link DevicePlugins}, {@link ProcessPlugins} or
 * {@link WorkloadPlugins}: the API, history, views, events, the Prometheus exposition and the docs follow from it.
 */
public final class GlancesPlugins {

    /** In the order of Glances' observed {@code /pluginslist}, then the plugins disabled by default. */
    private static final PluginCatalogue CATALOGUE = new PluginCatalogue(List.of(
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

    private GlancesPlugins() {
    }

    /** The catalogue of Glances 4 (the 34 plugins of the API). */
    public static PluginCatalogue catalogue() {
        return CATALOGUE;
    }
}
