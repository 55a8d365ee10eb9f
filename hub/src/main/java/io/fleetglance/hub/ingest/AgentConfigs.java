package io.fleetglance.hub.ingest;

import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.AgentConfig;
import io.fleetglance.proto.ConfigSection;
import java.util.Set;

/**
 * What the hub's glances.conf tells every agent in Welcome: which plugins are disabled, and the sections that say what
 * an agent measures (each plugin's own section with its refresh and hide/show rules, [ports], [folders], [amp_*],
 * [containers]), passed on as written, so one file configures the whole fleet.
 */
public final class AgentConfigs {

    private static final Set<String> MEASUREMENT_SECTIONS = Set.of("ports", "folders", "containers", "cloud",
            "vms", "sensors", "smart", "gpu", "processlist");

    private AgentConfigs() {
    }

    public static AgentConfig from(GlancesConfig config, PluginCatalogue catalogue) {
        AgentConfig.Builder out = AgentConfig.newBuilder();
        for (PluginSpec p : catalogue.plugins()) {
            if (config.getBoolean(p.name(), "disable", !p.enabledByDefault())) {
                out.addDisabledPlugins(p.name());
            }
        }
        for (String section : config.sectionNames()) {
            boolean plugin = catalogue.plugin(section).isPresent();
            if (plugin || MEASUREMENT_SECTIONS.contains(section) || section.startsWith("amp_")) {
                out.putSections(section, ConfigSection.newBuilder().putAllEntries(config.section(section)).build());
            }
        }
        return out.build();
    }
}
