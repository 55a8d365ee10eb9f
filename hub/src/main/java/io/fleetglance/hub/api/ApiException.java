package io.fleetglance.hub.api;

import jakarta.ws.rs.WebApplicationException;

/** An API error that answers in Glances' shape: the status code and {@code {"detail": ...}}. */
public final class ApiException extends WebApplicationException {

    public ApiException(int status, String detail) {
        super(detail, Json.error(status, detail));
    }
}
