package io.fleetglance.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON has no NaN or infinity: a reading that yields one (a broken sensor, a counter gone wild) is served as null,
 * never as the string "NaN" a client would choke on.
 */
final class FiniteNumbers {

    private FiniteNumbers() {
    }

    static JsonNode replaceNonFinite(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (nonFinite(e.getValue())) {
                    e.setValue(NullNode.instance);
                } else if (e.getValue().isContainerNode()) {
                    replaceNonFinite(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = array.get(i);
                if (nonFinite(v)) {
                    array.set(i, NullNode.instance);
                } else if (v.isContainerNode()) {
                    replaceNonFinite(v);
                }
            }
        }
        return node;
    }

    private static boolean nonFinite(JsonNode v) {
        return v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue());
    }
}
