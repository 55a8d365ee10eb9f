package io.fleetglance.hub.api;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One route of the Glances API v4, as a path template under {@code /api/4} ({@code {name}} matches one segment,
 * {@code {name:path}} the rest of the path) and an HTTP method.
 */
public record Route(String method, String template, String summary, Handler handler) {

    /** Answers a request that matched a route. */
    @FunctionalInterface
    public interface Handler {
        Response handle(HostApi api, ApiRequest request);
    }

    /** The parameters a matching path binds, in template order; null when the path does not match. */
    Map<String, String> match(List<String> segments) {
        String[] parts = template.isEmpty() ? new String[0] : template.split("/");
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        for (; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("{") && part.endsWith(":path}")) {
                if (i >= segments.size()) {
                    return null;
                }
                params.put(part.substring(1, part.length() - 6), String.join("/", segments.subList(i, segments.size())));
                return params;
            }
            if (i >= segments.size()) {
                return null;
            }
            String seg = segments.get(i);
            if (part.startsWith("{")) {
                if (seg.isEmpty()) {
                    return null;
                }
                params.put(part.substring(1, part.length() - 1), seg);
            } else if (!part.equals(seg)) {
                return null;
            }
        }
        return i == segments.size() ? params : null;
    }

    /** The template's parameter names, for the OpenAPI description. */
    List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (String part : template.split("/")) {
            if (part.startsWith("{")) {
                String n = part.substring(1, part.length() - 1);
                names.add(n.endsWith(":path") ? n.substring(0, n.length() - 5) : n);
            }
        }
        return names;
    }

    /** The template as OpenAPI writes paths: {@code {value:path}} becomes {@code {value}}. */
    String openApiPath() {
        return template.replace(":path}", "}");
    }
}
