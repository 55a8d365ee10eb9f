package io.fleetglance.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One alert event (Glances' {@code GlancesEvent}): a stat that went to WARNING or CRITICAL, from {@code begin} to
 * {@code end} (-1 while ongoing), with the min, max, sum, count and average of the values it was seen at.
 */
public final class Event {

    /** {@code end} of an ongoing event. */
    public static final long ONGOING = -1;

    private static final int TOP_SCAN = 6;
    private static final int TOP_KEPT = 3;

    private final long begin;
    private final String type;
    private Level state;
    private double min;
    private double max;
    private double sum;
    private int count;
    private double avg;
    private List<String> top = List.of();
    private final Map<String, Integer> topCounts = new LinkedHashMap<>();
    private String desc = "";
    private String sort;
    private String globalMessage;
    private long end = ONGOING;

    Event(long begin, Level state, String type, double value, String sort, String globalMessage) {
        this.begin = begin;
        this.state = state;
        this.type = type;
        this.min = value;
        this.max = value;
        this.sum = value;
        this.count = 1;
        this.avg = value;
        this.sort = sort;
        this.globalMessage = globalMessage;
    }

    /**
     * An event as {@link #toJson()} wrote it, read back (a hub restarting from its store). The process counts behind
     * {@code top} are not in the JSON: a restored CRITICAL event counts its top processes afresh.
     */
    public static Event fromJson(JsonNode node) {
        List<String> top = new ArrayList<>();
        node.path("top").forEach(t -> top.add(t.isNull() ? null : t.asText()));
        Event e = new Event(node.path("begin").asLong(), Level.valueOf(node.path("state").asText()),
                node.path("type").asText(), node.path("min").asDouble(), node.path("sort").asText(null),
                node.path("global_msg").asText(null));
        e.max = node.path("max").asDouble();
        e.sum = node.path("sum").asDouble();
        e.count = node.path("count").asInt();
        e.avg = node.path("avg").asDouble();
        e.top = List.copyOf(top.stream().filter(Objects::nonNull).toList());
        e.desc = node.path("desc").asText("");
        double end = node.path("end").asDouble(ONGOING);
        e.end = end < 0 ? ONGOING : (long) end;
        return e;
    }

    /** Glances' {@code GlancesEvent.update}: a new value while WARNING or CRITICAL; re-opens a finished event. */
    void update(Level newState, double value, String sortKey, Supplier<List<JsonNode>> processes,
                String newGlobalMessage) {
        end = ONGOING;
        min = Math.min(min, value);
        max = Math.max(max, value);
        sum += value;
        count += 1;
        avg = sum / count;
        if (newState == Level.CRITICAL) {
            // an event that reached CRITICAL never goes back to WARNING
            state = Level.CRITICAL;
            sort = sortKey;
            for (JsonNode process : ProcessSort.sorted(processes.get(), sortKey).stream().limit(TOP_SCAN).toList()) {
                JsonNode name = process.get("name");
                topCounts.merge(name == null || name.isNull() ? null : name.asText(), 1, Integer::sum);
            }
            List<Map.Entry<String, Integer>> byCount = new ArrayList<>(topCounts.entrySet());
            byCount.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
            top = byCount.stream().limit(TOP_KEPT).map(Map.Entry::getKey).toList();
        } else {
            topCounts.clear();
        }
        desc = "";
        globalMessage = newGlobalMessage;
    }

    void close(long when) {
        end = when;
    }

    public boolean ongoing() {
        return end == ONGOING;
    }

    public long begin() {
        return begin;
    }

    /** The end in epoch seconds, or {@link #ONGOING}. */
    public long end() {
        return end;
    }

    public Level state() {
        return state;
    }

    public String type() {
        return type;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double sum() {
        return sum;
    }

    public int count() {
        return count;
    }

    public double avg() {
        return avg;
    }

    /** Up to three process names, the most often seen at the top while the event was CRITICAL. */
    public List<String> top() {
        return top;
    }

    public String sort() {
        return sort;
    }

    public String globalMessage() {
        return globalMessage;
    }

    /**
     * The event as {@code /api/4/alert} serves it: {@code begin} an int, {@code end} a float or {@code -1}, and the
     * fields in Glances' order.
     */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (begin >= Integer.MIN_VALUE && begin <= Integer.MAX_VALUE) {
            node.put("begin", (int) begin);
        } else {
            node.put("begin", begin);
        }
        node.put("state", state.name());
        node.put("type", type);
        node.put("min", min);
        node.put("max", max);
        node.put("sum", sum);
        node.put("count", count);
        node.put("avg", avg);
        ArrayNode topNode = node.putArray("top");
        top.forEach(topNode::add);
        node.put("desc", desc);
        node.put("sort", sort);
        node.put("global_msg", globalMessage);
        if (ongoing()) {
            node.put("end", (int) ONGOING);
        } else {
            node.put("end", (double) end);
        }
        return node;
    }
}
