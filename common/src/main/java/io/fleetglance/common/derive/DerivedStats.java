package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One sample's stats, plugin name to Glances stats, immutable. Most plugins' stats are derived with the sample; those
 * that are costly and seldom read (the process and program lists: a JSON object per process, for every sample of
 * every host) are built when first read, from what their derivation kept of that sample, and at most once: a state
 * that nobody reads before the next sample never builds them.
 *
 * <p>{@link #get} and iterating the entries build what they meet; {@link #keySet}, {@link #containsKey},
 * {@link #with} and {@link #finishing} never build anything. A stats map is shared between threads (the ingest thread
 * that made it, the requests that read it): what is built on read is built under a lock and published once.
 */
public final class DerivedStats extends AbstractMap<String, JsonNode> {

    /** No stats at all. */
    public static final DerivedStats EMPTY = new DerivedStats(Map.of());

    /** Values are JsonNode, or OnRead for stats built on first read. */
    private final Map<String, Object> values;

    private DerivedStats(Map<String, Object> values) {
        this.values = values;
    }

    /** Stats that are all derived already, in {@code stats}' order. */
    public static DerivedStats of(Map<String, JsonNode> stats) {
        return new DerivedStats(Collections.unmodifiableMap(new LinkedHashMap<>(stats)));
    }

    /** Collects one sample's stats, in the order they are added. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        /** Stats derived now. */
        public Builder put(String plugin, JsonNode stats) {
            values.put(plugin, stats);
            return this;
        }

        /**
         * Stats built on first read by {@code build}, which must use only what it captured from this sample (never
         * state that the next sample changes): it may run on any thread, long after later samples were derived.
         */
        public Builder putOnRead(String plugin, Supplier<JsonNode> build) {
            values.put(plugin, new OnRead(build));
            return this;
        }

        /** The stats collected so far, in the order they were added. */
        public DerivedStats build() {
            return new DerivedStats(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }

        /** The stats collected so far, in {@code order} (plugins it does not name are left out). */
        public DerivedStats build(List<String> order) {
            Map<String, Object> ordered = new LinkedHashMap<>();
            for (String plugin : order) {
                Object value = values.get(plugin);
                if (value != null) {
                    ordered.put(plugin, value);
                }
            }
            return new DerivedStats(Collections.unmodifiableMap(ordered));
        }
    }

    /** Whether {@code plugin}'s stats are waiting for their first read (false once built, or when derived now). */
    public boolean builtOnRead(String plugin) {
        return values.get(plugin) instanceof OnRead onRead && !onRead.built();
    }

    /** These stats with {@code plugin}'s replaced by {@code stats} (or added last); nothing is built. */
    public DerivedStats with(String plugin, JsonNode stats) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(plugin, stats);
        return new DerivedStats(Collections.unmodifiableMap(copy));
    }

    /**
     * These stats with {@code finish} applied to each plugin's: now to those derived now, on first read to the
     * others. {@code finish} may modify the node it is given and returns the node to keep.
     */
    public DerivedStats finishing(UnaryOperator<JsonNode> finish) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((plugin, value) -> copy.put(plugin, value instanceof OnRead onRead
                ? new OnRead(() -> finish.apply(onRead.get())) : finish.apply((JsonNode) value)));
        return new DerivedStats(Collections.unmodifiableMap(copy));
    }

    @Override
    public JsonNode get(Object plugin) {
        return resolve(values.get(plugin));
    }

    @Override
    public boolean containsKey(Object plugin) {
        return values.containsKey(plugin);
    }

    @Override
    public Set<String> keySet() {
        return values.keySet();
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, JsonNode>> iterator() {
                Iterator<Entry<String, Object>> it = values.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, JsonNode> next() {
                        Entry<String, Object> e = it.next();
                        return new SimpleImmutableEntry<>(e.getKey(), resolve(e.getValue()));
                    }
                };
            }

            @Override
            public int size() {
                return values.size();
            }
        };
    }

    private static JsonNode resolve(Object value) {
        return value instanceof OnRead onRead ? onRead.get() : (JsonNode) value;
    }

    /** Stats built once, on first read; what built them is let go of then. */
    private static final class OnRead implements Supplier<JsonNode> {
        private Supplier<JsonNode> build;
        private volatile JsonNode built;

        OnRead(Supplier<JsonNode> build) {
            this.build = build;
        }

        boolean built() {
            return built != null;
        }

        @Override
        public JsonNode get() {
            JsonNode node = built;
            if (node == null) {
                synchronized (this) {
                    node = built;
                    if (node == null) {
                        node = build.get();
                        built = node;
                        build = null;
                    }
                }
            }
            return node;
        }
    }
}
