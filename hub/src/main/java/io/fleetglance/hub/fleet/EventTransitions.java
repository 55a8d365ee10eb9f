package io.fleetglance.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares two successive events lists of a host and says which events began, escalated or ended. */
final class EventTransitions {

    record Change(EventListener.Transition transition, JsonNode event) {
    }

    private EventTransitions() {
    }

    static List<Change> between(JsonNode before, JsonNode after, long nowSeconds) {
        Map<String, JsonNode> old = index(before);
        Map<String, JsonNode> now = index(after);
        List<Change> changes = new ArrayList<>();
        now.forEach((key, event) -> {
            JsonNode was = old.get(key);
            boolean ongoing = event.path("end").asDouble() == -1;
            if (was == null) {
                if (ongoing) {
                    changes.add(new Change(EventListener.Transition.BEGIN, event));
                }
                return;
            }
            boolean wasOngoing = was.path("end").asDouble() == -1;
            if (wasOngoing && !ongoing) {
                changes.add(new Change(EventListener.Transition.END, event));
            } else if (ongoing && "CRITICAL".equals(event.path("state").asText())
                    && !"CRITICAL".equals(was.path("state").asText())) {
                changes.add(new Change(EventListener.Transition.ESCALATION, event));
            }
        });
        old.forEach((key, was) -> {
            // an ongoing event that vanished (shorter than min_duration, or pushed out): it ended now
            if (!now.containsKey(key) && was.path("end").asDouble() == -1) {
                ObjectNode ended = ((ObjectNode) was.deepCopy()).put("end", (double) nowSeconds);
                changes.add(new Change(EventListener.Transition.END, ended));
            }
        });
        return changes;
    }

    private static Map<String, JsonNode> index(JsonNode events) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (events != null) {
            for (JsonNode e : events) {
                out.put(e.path("type").asText() + "@" + e.path("begin").asLong(), e);
            }
        }
        return out;
    }
}
