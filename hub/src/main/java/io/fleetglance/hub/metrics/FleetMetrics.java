package io.fleetglance.hub.metrics;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.HostRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet in Prometheus' exposition formats, named as Glances' Prometheus export names its gauges plus a
 * {@code host} label. Each host's gauges are built once per published state and reused by every scrape until its next
 * sample, so a scrape costs a merge and the Prometheus client's writer.
 */
public final class FleetMetrics {

    private static final Logger log = LoggerFactory.getLogger(FleetMetrics.class);

    /** A rendered exposition and its media type. */
    public record Exposition(byte[] body, String contentType) {
    }

    private record Cached(Host.State state, HostSeries series) {
    }

    private final HostRegistry registry;
    private final HostSeries.Naming naming;
    private final HostPatterns exposed;
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final ConcurrentHashMap<Host, Cached> cache = new ConcurrentHashMap<>();
    private volatile int lastSize = 1 << 16;

    FleetMetrics(HostRegistry registry, HostSeries.Naming naming, HostPatterns exposed) {
        this.registry = registry;
        this.naming = naming;
        this.exposed = exposed;
    }

    /**
     * From glances.conf: {@code [prometheus] prefix} (default {@code glances}) and {@code labels} (default
     * {@code src:glances}, {@code key:value} pairs) as Glances reads them, and {@code [outputs] prometheus_hosts}.
     */
    public static FleetMetrics of(HostRegistry registry, GlancesConfig config) {
        String prefix = config.get("prometheus", "prefix").map(String::trim).filter(p -> !p.isEmpty())
                .orElse("glances");
        String labels = config.get("prometheus", "labels").map(String::trim).orElse("src:glances");
        return new FleetMetrics(registry,
                new HostSeries.Naming(prefix, parseLabels(labels), registry.catalogue()),
                HostPatterns.parse(config.get("outputs", "prometheus_hosts").orElse("")));
    }

    /** Glances' {@code parse_tags}: "a:b,c:d"; a pair without ':' makes the whole list empty, as in Glances. */
    static Map<String, String> parseLabels(String tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags.isEmpty()) {
            return out;
        }
        for (String pair : tags.split(",")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                log.info("Invalid [prometheus] labels {}: every label must be key:value; exporting none", tags);
                return new LinkedHashMap<>();
            }
            String name = PrometheusNaming
                    .sanitizeLabelName(pair.substring(0, colon).trim());
            if (!name.equals("host")) { // the host label is the hub's own
                out.put(name, pair.substring(colon + 1));
            }
        }
        return out;
    }

    /** Every exposed host ({@code prometheus_hosts}) that has stats and is not down, in the format asked for. */
    public Exposition fleet(String accept) {
        return write(fleetSnapshots(), accept, true);
    }

    /** One host, whatever {@code prometheus_hosts} says; empty when the hub does not know it. */
    public Optional<Exposition> host(String name, String accept) {
        return registry.find(name).map(h -> write(snapshots(List.of(series(h))), accept, false));
    }

    /** The fleet's gauges: every exposed, live host's families merged by metric name. */
    public MetricSnapshots fleetSnapshots() {
        List<Host> hosts = registry.hosts();
        cache.keySet().retainAll(new HashSet<>(hosts)); // hosts replaced or gone leave the cache
        hosts.sort(Comparator.comparing(Host::name));
        List<HostSeries> parts = new ArrayList<>(hosts.size());
        for (Host h : hosts) {
            if (exposed.matches(h.name()) && h.state().seq() > 0 && !h.down()) {
                parts.add(series(h));
            }
        }
        return snapshots(parts);
    }

    private HostSeries series(Host host) {
        Host.State state = host.state();
        Cached c = cache.get(host);
        if (c == null || c.state() != state) {
            c = new Cached(state, HostSeries.of(host.name(), state.stats(), host.alerts()::limits, naming));
            cache.put(host, c);
        }
        return c.series();
    }

    private static MetricSnapshots snapshots(List<HostSeries> parts) {
        Map<String, List<GaugeDataPointSnapshot>> points = new HashMap<>();
        Map<String, String> help = new HashMap<>();
        for (HostSeries part : parts) {
            for (HostSeries.Family f : part.families().values()) {
                List<GaugeDataPointSnapshot> list = points.get(f.name());
                if (list == null) {
                    list = new ArrayList<>(parts.size() * f.points().size());
                    points.put(f.name(), list);
                    help.put(f.name(), f.help());
                }
                list.addAll(f.points());
            }
        }
        List<MetricSnapshot> out = new ArrayList<>(points.size());
        points.forEach((name, list) -> out.add(new GaugeSnapshot(new MetricMetadata(name, help.get(name)), list)));
        return new MetricSnapshots(out);
    }

    private Exposition write(MetricSnapshots snapshots, String accept, boolean fleet) {
        ExpositionFormatWriter writer = accept != null && openMetrics.accepts(accept) ? openMetrics : text;
        // sized from the last fleet scrape: one buffer, not a chain of doublings of a multi-megabyte body
        ByteArrayOutputStream out = new ByteArrayOutputStream(fleet ? lastSize + lastSize / 8 : 1 << 14);
        try {
            writer.write(out, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the exposition", e);
        }
        if (fleet) {
            lastSize = out.size();
        }
        return new Exposition(out.toByteArray(), writer.getContentType());
    }
}
