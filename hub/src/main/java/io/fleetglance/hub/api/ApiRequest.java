package io.fleetglance.hub.api;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Map;

/** A request as a route handler sees it: the bound path parameters, the query and the body. */
public record ApiRequest(String method, Map<String, String> params, MultivaluedMap<String, String> query,
        byte[] body) {

    /** Builds the request once a route matched, so the body is read only when needed. */
    @FunctionalInterface
    public interface Source {
        ApiRequest request(String method, Map<String, String> params);
    }

    public String param(String name) {
        return params.get(name);
    }

    /** An integer path parameter; Glances' 422 answer when it is not one. */
    public int intParam(String name) {
        return parseInt(params.get(name), "path", name);
    }

    /** An optional integer query parameter; 422 when present and not an integer. */
    public Integer intQuery(String name, Integer fallback) {
        String v = query == null ? null : query.getFirst(name);
        return v == null ? fallback : Integer.valueOf(parseInt(v, "query", name));
    }

    static int parseInt(String value, String where, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw ApiException.validation(where, name);
        }
    }
}
