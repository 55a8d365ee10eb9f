package io.fleetglance.hub.store;

import com.fasterxml.jackson.databind.JsonNode;

/** One raw history point read back from the store: epoch microseconds and the value with its JSON kind. */
public record StoredPoint(long timeUs, JsonNode value) {
}
