package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one host's consecutive raw samples into Glances stats. One instance per host: it holds that host's previous
 * readings and running state (such as mem's min/max/mean). Samples must be handed in order and one at a time; the
 * class is not thread-safe.
 */
public final class HostDeriver {

    private final List<PluginDerivation> derivations;

    /** A deriver for the Glances catalogue. */
    public HostDeriver() {
        this(PluginCatalogue.glances());
    }

    /** A deriver whose results follow the plugin order of {@code catalogue}, with Glances' built-in settings. */
    public HostDeriver(PluginCatalogue catalogue) {
        this(catalogue, GlancesConfig.empty());
    }

    /**
     * A deriver whose results follow the plugin order of {@code catalogue}, applying the settings of {@code config}
     * that shape stats (a plugin's {@code disable}, the containers' {@code hide}/{@code show}).
     */
    public HostDeriver(PluginCatalogue catalogue, GlancesConfig config) {
        List<PluginDerivation> all = new ArrayList<>(List.of(
                new CpuDerivation(spec(catalogue, "cpu")),
                new PercpuDerivation(),
                new CoreDerivation(),
                new LoadDerivation(),
                new MemDerivation(),
                new MemswapDerivation(),
                new SystemDerivation(),
                new UptimeDerivation(),
                new NowDerivation(),
                new ProcessCountDerivation()));
        List<String> order = catalogue.plugins().stream().map(PluginSpec::name).toList();
        // What runs on and around the host: containers, VMs, checked ports, folders, AMPs, the cloud instance.
        all.addAll(List.of(
                new ContainersDerivation(config),
                new PortsDerivation(config),
                new FoldersDerivation(config),
                new AmpsDerivation(config),
                new VmsDerivation(config),
                new CloudDerivation(config)));
        all.sort(Comparator.comparingInt(d -> order.indexOf(d.plugin())));
        this.derivations = List.copyOf(all);
    }

    /**
     * The stats of every plugin derivable from the readings in {@code sample}, plugin name to stats, in catalogue
     * order. Plugins whose readings are absent are left out.
     */
    public Map<String, JsonNode> derive(Sample sample) {
        Map<String, JsonNode> stats = new LinkedHashMap<>();
        for (PluginDerivation derivation : derivations) {
            derivation.derive(sample).ifPresent(node -> stats.put(derivation.plugin(), node));
        }
        return stats;
    }

    private static PluginSpec spec(PluginCatalogue catalogue, String name) {
        return catalogue.plugin(name).orElseThrow(
                () -> new IllegalArgumentException("the catalogue has no plugin " + name + " to derive"));
    }
}
