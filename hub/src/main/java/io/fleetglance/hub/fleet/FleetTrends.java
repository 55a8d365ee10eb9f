package io.fleetglance.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last few values of each host's headline figures (cpu total, mem percent, load min1), kept as samples arrive,
 * for the fleet page's sparklines: one small ring per host, so the page asks one endpoint rather than each host's
 * history. (cpu total is no history item in Glances, hence rings of our own.)
 */
public final class FleetTrends implements SampleListener {

    /** Points kept per figure: a minute at Glances' default period. */
    public static final int POINTS = 30;

    /** The figures kept, as {@code plugin.field}. */
    public enum Figure {
        CPU("cpu", "total"), MEM("mem", "percent"), LOAD("load", "min1");

        final String plugin;
        final String field;

        Figure(String plugin, String field) {
            this.plugin = plugin;
            this.field = field;
        }
    }

    private final ConcurrentHashMap<String, Trend> trends = new ConcurrentHashMap<>();

    @Override
    public void onSample(Host host, Sample sample) {
        Trend t = trends.compute(host.name(), (k, old) -> old != null && old.host == host ? old : new Trend(host));
        t.add(host.state().stats());
    }

    /** The figure's recent values of this host, oldest first; NaN where a sample lacked it; empty if none. */
    public List<Double> recent(Host host, Figure figure) {
        Trend t = trends.get(host.name());
        return t == null || t.host != host ? List.of() : t.values(figure);
    }

    /** One host's rings: written by its stream, read by requests. */
    private static final class Trend {
        private final Host host;
        private final double[][] rings = new double[Figure.values().length][POINTS];
        private int start;
        private int size;

        Trend(Host host) {
            this.host = host;
        }

        synchronized void add(Map<String, JsonNode> stats) {
            int slot = (start + size) % POINTS;
            for (Figure f : Figure.values()) {
                JsonNode v = stats.getOrDefault(f.plugin, MissingNode
                        .getInstance()).path(f.field);
                rings[f.ordinal()][slot] = v.isNumber() ? v.asDouble() : Double.NaN;
            }
            if (size < POINTS) {
                size++;
            } else {
                start = (start + 1) % POINTS;
            }
        }

        synchronized List<Double> values(Figure f) {
            List<Double> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(rings[f.ordinal()][(start + i) % POINTS]);
            }
            return out;
        }
    }
}
