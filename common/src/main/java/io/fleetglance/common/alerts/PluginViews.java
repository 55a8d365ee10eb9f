package io.fleetglance.common.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.catalogue.Shape;
import io.fleetglance.common.events.Level;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One plugin's views while they are built: Glances' generic {@code update_views} gives every field present in the
 * stats a view ({@code decoration}, {@code optional}, {@code additional}, {@code splittable}, {@code hidden}), keyed
 * by field for a dict plugin and by item key then field for a list plugin; the plugin's rules then set decorations.
 */
public final class PluginViews {

    /**
     * Glances' {@code hide_zero}: rate fields that start hidden and become visible once they reach
     * {@code thresholdBytes}.
     */
    public record HideZero(boolean enabled, long thresholdBytes, Set<String> fields) {
        public static final HideZero OFF = new HideZero(false, 0, Set.of());
    }

    private final PluginSpec spec;
    private final JsonNode stats;
    private final ObjectNode views;

    private PluginViews(PluginSpec spec, JsonNode stats, ObjectNode views) {
        this.spec = spec;
        this.stats = stats;
        this.views = views;
    }

    /**
     * The generic views of {@code stats}. {@code previous} (the views of the previous update, or null) carries the
     * hidden state of {@code hide_zero} fields from one update to the next.
     */
    static PluginViews base(PluginSpec spec, JsonNode stats, JsonNode previous, HideZero hideZero) {
        if (stats == null || spec.name().equals("help")) {
            // Glances serves help's text from a separate structure; its raw stats, hence its views, are empty
            return new PluginViews(spec, stats, JsonNodeFactory.instance.objectNode());
        }
        if (spec.shape() == Shape.DICT && stats.isObject()) {
            return new PluginViews(spec, stats, fieldViews(spec, stats, previous, hideZero, false));
        }
        ObjectNode views = JsonNodeFactory.instance.objectNode();
        if (spec.shape() == Shape.LIST && stats.isArray() && spec.keyField() != null) {
            for (JsonNode item : stats) {
                String key = itemKey(item, spec.keyField());
                if (key != null) {
                    views.set(key, fieldViews(spec, item, previous == null ? null : previous.get(key), hideZero,
                            true));
                }
            }
        }
        return new PluginViews(spec, stats, views);
    }

    /**
     * The views of the fields of {@code stats} (a dict plugin's stats, or one item of a list plugin's).
     * {@code previous}, the views of the previous update, is filled again when it has views for exactly these fields
     * in this order (a host's stats keep their shape from one sample to the next), else a new object is: a host's
     * views maps are built once and kept, not rebuilt at every sample. Readers only see them under the host's lock,
     * between two updates. {@code carried}: the hidden flag of a hide_zero field carries over from {@code previous}.
     */
    private static ObjectNode fieldViews(PluginSpec spec, JsonNode stats, JsonNode previous, HideZero hideZero,
            boolean carried) {
        if (previous instanceof ObjectNode kept && sameFields(kept, stats)) {
            Iterator<Map.Entry<String, JsonNode>> now = stats.properties().iterator();
            for (Map.Entry<String, JsonNode> view : kept.properties()) {
                Map.Entry<String, JsonNode> field = now.next();
                view.setValue(fieldView(spec, field.getKey(),
                        hidden(hideZero, carried, view.getValue(), field.getKey(), field.getValue())));
            }
            return kept;
        }
        ObjectNode views = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : stats.properties()) {
            JsonNode before = previous == null ? null : previous.get(field.getKey());
            views.set(field.getKey(), fieldView(spec, field.getKey(),
                    hidden(hideZero, carried, before, field.getKey(), field.getValue())));
        }
        return views;
    }

    private static boolean sameFields(ObjectNode views, JsonNode stats) {
        if (views.size() != stats.size()) {
            return false;
        }
        Iterator<String> was = views.fieldNames();
        for (Iterator<String> now = stats.fieldNames(); now.hasNext(); ) {
            if (!now.next().equals(was.next())) {
                return false;
            }
        }
        return true;
    }

    // Glances' _build_view_for_field: a hide_zero field keeps last update's hidden flag until its value reaches the
    // threshold; on its first appearance it is hidden. In a dict plugin, the hide_zero fields are always hidden.
    private static boolean hidden(HideZero hideZero, boolean carried, JsonNode previousView, String field,
            JsonNode value) {
        if (!hideZero.enabled()) {
            return false;
        }
        if (!carried) {
            return hideZero.fields().contains(field);
        }
        JsonNode before = previousView == null ? null : previousView.get("hidden");
        if (before != null && before.isBoolean()) {
            if (hideZero.fields().contains(field) && value.isNumber()
                    && value.doubleValue() >= hideZero.thresholdBytes()) {
                return false;
            }
            return before.booleanValue();
        }
        return hideZero.fields().contains(field);
    }

    /** The key of a list item as its views are keyed (a number key becomes its text), or null without one. */
    static String itemKey(JsonNode item, String keyField) {
        JsonNode key = item.get(keyField);
        if (key == null || key.isNull() || key.isContainerNode()) {
            return null;
        }
        return key.asText();
    }

    private static ObjectNode fieldView(PluginSpec spec, String field, boolean hidden) {
        return view(optional(spec, field), hidden);
    }

    private static boolean optional(PluginSpec spec, String field) {
        FieldSpec declared = spec.fieldOrNull(field);
        return declared != null && declared.optional();
    }

    /**
     * A view with the {@code DEFAULT} decoration. View objects are few distinct values (a decoration, two flags)
     * repeated for every field of every process of every host, so they are shared, never modified: a host's views
     * cost one map per item instead of one object per field, and the hub keeps thousands of hosts' views.
     */
    static ObjectNode view(boolean optional, boolean hidden) {
        return shared(Level.DEFAULT, optional, hidden);
    }

    /** By decoration, the four views of its (optional, hidden) pairs, indexed as {@link #flags}. */
    private static final Map<String, ObjectNode[]> SHARED = new ConcurrentHashMap<>();

    /** The one view object with these values; callers must not modify it. */
    static ObjectNode shared(String decoration, boolean optional, boolean hidden) {
        return SHARED.computeIfAbsent(decoration, d -> {
            ObjectNode[] views = new ObjectNode[4];
            for (boolean o : new boolean[] {false, true}) {
                for (boolean h : new boolean[] {false, true}) {
                    ObjectNode view = JsonNodeFactory.instance.objectNode();
                    view.put("decoration", d);
                    view.put("optional", o);
                    view.put("additional", false);
                    view.put("splittable", false);
                    view.put("hidden", h);
                    views[flags(o, h)] = view;
                }
            }
            return views;
        })[flags(optional, hidden)];
    }

    private static int flags(boolean optional, boolean hidden) {
        return (optional ? 2 : 0) | (hidden ? 1 : 0);
    }

    private static ObjectNode redecorated(JsonNode view, String decoration) {
        return shared(decoration, view.path("optional").asBoolean(false), view.path("hidden").asBoolean(false));
    }

    public PluginSpec spec() {
        return spec;
    }

    /** The stats the views are built from. */
    public JsonNode stats() {
        return stats;
    }

    /** The views node being built. */
    public ObjectNode node() {
        return views;
    }

    /** Sets a dict plugin field's decoration, if that field has a view. */
    public void decorate(String field, String decoration) {
        JsonNode view = views.get(field);
        if (view instanceof ObjectNode) {
            views.set(field, redecorated(view, decoration));
        }
    }

    /** Sets a list item field's decoration, if that field has a view. */
    public void decorate(String itemKey, String field, String decoration) {
        JsonNode item = views.get(itemKey);
        JsonNode view = item == null ? null : item.get(field);
        if (item instanceof ObjectNode items && view instanceof ObjectNode) {
            items.set(field, redecorated(view, decoration));
        }
    }

    /**
     * Replaces an item's views by views of the given names only, as Glances' gpu and containers rules do; each gets
     * the full view object, decorated {@code DEFAULT} until set.
     */
    public void replaceItem(String itemKey, String... names) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        for (String name : names) {
            item.set(name, view(optional(spec, name), false));
        }
        views.set(itemKey, item);
    }
}
