package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;

/**
 * JSON number nodes typed as Glances' Python values are: a Python int becomes an integral node (the same node type
 * Jackson gives when it parses that number), a Python float a double node.
 */
final class JsonNumbers {

    private JsonNumbers() {
    }

    static JsonNode integer(long value) {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? IntNode.valueOf((int) value)
                : LongNode.valueOf(value);
    }

    static JsonNode real(double value) {
        return DoubleNode.valueOf(value);
    }
}
