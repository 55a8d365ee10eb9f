package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns one host's consecutive raw samples into Glances stats. One instance per host: it holds that host's previous
 * readings and running state (such as mem's min/max/mean, the processes' cpu times and command lines). Samples must
 * be handed in order and one at a time; the class is not thread-safe.
 */
public final class HostDeriver {

    /** The Glances version whose API is served, as Glances' {@code __version__}. */
    public static final String GLANCES_VERSION = "4.5.6_dev01";

    private final List<String> order;
    private final List<PluginDerivation> derivations = new ArrayList<>();
    private final List<DependentDerivation> dependents = new ArrayList<>();
    private final ProcesslistDerivation processlist;
    private final PsutilVersionDerivation psutilVersion;
    private GlancesConfig config;

    /**
     * A deriver for the plugins of {@code catalogue} that declare a derivation, whose results follow the catalogue's
     * plugin order and whose hide/show lists, aliases, sort key and other plugin settings come from {@code config}.
     */
    public HostDeriver(PluginCatalogue catalogue, GlancesConfig config) {
        this.order = catalogue.plugins().stream().map(PluginSpec::name).toList();
        for (PluginSpec plugin : catalogue.plugins()) {
            plugin.part(PluginDerivation.Factory.class)
                    .ifPresent(factory -> derivations.add(factory.create(plugin, config)));
            plugin.part(DependentDerivation.Factory.class).ifPresent(factory -> dependents.add(factory.create(plugin)));
        }
        this.processlist = find(ProcesslistDerivation.class);
        this.psutilVersion = find(PsutilVersionDerivation.class);
        setConfig(config);
    }

    /**
     * Applies {@code config} from the next sample on: hide/show lists, aliases, the process sort key and the other
     * settings that shape the stats. Running state (previous counters, min/max/mean, process facts) is kept.
     */
    public void setConfig(GlancesConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        for (PluginDerivation derivation : derivations) {
            derivation.configure(config);
        }
    }

    /** The configuration in force. */
    public GlancesConfig config() {
        return config;
    }

    /**
     * Sorts processes (and so programs) by {@code sortKey} from the next sample on, whatever {@code [processlist]
     * sort_key} says; null goes back to the configured key, or to {@code auto}. Keys are Glances' names:
     * {@code cpu_percent, memory_percent, username, cpu_times, io_counters, name}, and {@code auto} for cpu_percent.
     * The events engine switches it as Glances' alerts do.
     */
    public void setProcessSortKey(String sortKey) {
        processlist.setSortKeyOverride(sortKey);
    }

    /** The key processes are sorted by, {@code auto} resolved to {@code cpu_percent}. */
    public String processSortKey() {
        return processlist.sortKey();
    }

    /**
     * Records the version the host's agent announced in its Hello ({@code agent_version}); it is served as
     * {@code psutilversion} and in the help data, since the agent is what reads the machine in psutil's place. The
     * {@code version} plugin stays the Glances version the API implements, {@value #GLANCES_VERSION}.
     */
    public void setAgentVersion(String agentVersion) {
        psutilVersion.setAgentVersion(agentVersion);
    }

    /** The agent version last recorded, or an empty string. */
    public String agentVersion() {
        return psutilVersion.agentVersion();
    }

    /** What {@code GET /api/4/help} answers for this host (see {@link HelpData}). */
    public ObjectNode helpViewData() {
        return HelpData.viewData(psutilVersion.text(), config.source());
    }

    /**
     * The stats of every plugin derivable from the readings in {@code sample}, plugin name to stats, in catalogue
     * order. Plugins whose readings are absent are left out; {@code version}, {@code psutilversion} and
     * {@code help} need no reading and are always there. The process and program lists are built on first read.
     */
    public DerivedStats derive(Sample sample) {
        DerivedStats.Builder stats = new DerivedStats.Builder();
        for (PluginDerivation derivation : derivations) {
            derivation.deriveInto(sample, stats);
        }
        DerivedStats independent = stats.build();
        for (DependentDerivation dependent : dependents) {
            dependent.deriveInto(sample, independent, stats);
        }
        return stats.build(order);
    }

    /** The derivation of that type: the deriver drives the process sort key and the agent version through them. */
    private <T extends PluginDerivation> T find(Class<T> type) {
        return derivations.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow(
                () -> new IllegalArgumentException("the catalogue declares no " + type.getSimpleName()));
    }
}
