package io.fleetglance.hub.api;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into Glances' answer for it, and never lets a stack trace reach a client. */
public final class ErrorMappers implements ExceptionMapper<Throwable> {

    private static final Logger log = LoggerFactory.getLogger(ErrorMappers.class);

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof ApiException api) {
            return api.getResponse();
        }
        if (e instanceof NotFoundException) {
            return Json.error(404, "Not Found");
        }
        if (e instanceof NotAllowedException) {
            return Json.error(405, "Method Not Allowed");
        }
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status < 500) {
                return Json.error(status, web.getResponse().getStatusInfo().getReasonPhrase());
            }
        }
        log.error("request failed", e);
        return Response.serverError().entity("Internal Server Error").type(MediaType.TEXT_PLAIN_TYPE).build();
    }
}
