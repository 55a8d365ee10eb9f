package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** An API error that answers in Glances' shape: the status code and {@code {"detail": ...}}. */
public final class ApiException extends WebApplicationException {

    public ApiException(int status, String detail) {
        super(detail, Json.error(status, detail));
    }

    private ApiException(Response response) {
        super(response);
    }

    /** Glances' (FastAPI's) 422 for a parameter that is not an integer. */
    public static ApiException validation(String where, String name) {
        ObjectNode error = Json.object();
        error.putArray("loc").add(where).add(name);
        error.put("msg", "value is not a valid integer").put("type", "type_error.integer");
        ObjectNode body = Json.object();
        ArrayNode detail = body.putArray("detail");
        detail.add(error);
        return new ApiException(Response.status(422).entity(Json.bytes(body)).type(Json.TYPE).build());
    }
}
