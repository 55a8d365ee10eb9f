package io.fleetglance.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** JSON answers in Glances' form: {@code application/json} without a charset, errors as {@code {"detail": ...}}. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final MediaType TYPE = new MediaType("application", "json");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stats tree could not be written as JSON", e);
        }
    }

    public static Response ok(JsonNode node) {
        return Response.ok(bytes(node == null ? NODES.nullNode() : node), TYPE).build();
    }

    /** An answer already written as JSON. */
    public static Response okBytes(byte[] json) {
        return Response.ok(json, TYPE).build();
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** An error answer: {@code {"detail": "<detail>"}} with the given status. */
    public static Response error(int status, String detail) {
        ObjectNode body = NODES.objectNode().put("detail", detail);
        return Response.status(status).entity(bytes(body)).type(TYPE).build();
    }
}
