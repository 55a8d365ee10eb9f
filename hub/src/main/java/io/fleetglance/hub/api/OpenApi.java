package io.fleetglance.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3.0 description of every route, generated from the route table itself: the root ({@code /api/4/...},
 * the hub's machine) and the same routes per host ({@code /hosts/{name}/api/4/...}).
 */
final class OpenApi {

    private OpenApi() {
    }

    static ObjectNode describe(List<Route> routes, String hubVersion) {
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.2");
        doc.putObject("info").put("title", "Fleetglance: the Glances REST API v4 for every host of a fleet")
                .put("version", hubVersion)
                .put("description", "/api/4/... serves the hub's own machine; /hosts/{name}/api/4/... serves any "
                        + "host of the fleet with the same routes.");
        ObjectNode paths = doc.putObject("paths");
        for (boolean perHost : new boolean[] {false, true}) {
            for (Route route : routes) {
                String path = (perHost ? "/hosts/{name}" : "") + "/api/4/" + route.openApiPath();
                ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
                ObjectNode op = item.putObject(route.method().toLowerCase(Locale.ROOT));
                op.put("summary", route.summary());
                op.put("operationId", (perHost ? "host_" : "local_") + route.method().toLowerCase(Locale.ROOT) + "_"
                        + route.template().replaceAll("[^A-Za-z0-9]+", "_"));
                op.putArray("tags").add(perHost ? "per host" : "hub's machine");
                ArrayNode params = op.putArray("parameters");
                if (perHost) {
                    params.add(parameter("name", "path", "string"));
                }
                for (String name : route.parameterNames()) {
                    params.add(parameter(name, "path", name.equals("nb") ? "integer" : "string"));
                }
                if (route.template().endsWith("history/range")) {
                    for (String q : List.of("from", "to", "points")) {
                        ObjectNode param = parameter(q, "query", q.equals("points") ? "integer" : "number");
                        param.put("required", false);
                        params.add(param);
                    }
                }
                if (route.template().endsWith("history")) {
                    ObjectNode nb = parameter("nb", "query", "integer");
                    nb.put("required", false);
                    params.add(nb);
                }
                ObjectNode responses = op.putObject("responses");
                responses.putObject("200").put("description", "Successful Response").putObject("content")
                        .putObject("application/json").putObject("schema");
                if (!route.parameterNames().isEmpty() || perHost) {
                    responses.putObject("422").put("description", "Validation Error").putObject("content")
                            .putObject("application/json").putObject("schema")
                            .put("$ref", "#/components/schemas/HTTPValidationError");
                }
                if (perHost) {
                    responses.putObject("404").put("description", "Unknown host");
                }
            }
        }
        ObjectNode forget = paths.putObject("/hosts/{name}").putObject("delete");
        forget.put("summary", "Fleetglance: forget a host whose agent is not connected (its record and history too)");
        forget.put("operationId", "forget_host");
        forget.putArray("tags").add("fleet");
        forget.putArray("parameters").add(parameter("name", "path", "string"));
        ObjectNode forgetAnswers = forget.putObject("responses");
        forgetAnswers.putObject("200").put("description", "Forgotten");
        forgetAnswers.putObject("404").put("description", "Unknown host");
        forgetAnswers.putObject("409").put("description", "The host's agent is connected");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        ObjectNode validation = schemas.putObject("ValidationError").put("title", "ValidationError")
                .put("type", "object");
        validation.putArray("required").add("loc").add("msg").add("type");
        ObjectNode props = validation.putObject("properties");
        props.putObject("loc").put("type", "array").putObject("items").put("type", "string");
        props.putObject("msg").put("type", "string");
        props.putObject("type").put("type", "string");
        ObjectNode http = schemas.putObject("HTTPValidationError").put("title", "HTTPValidationError")
                .put("type", "object");
        http.putObject("properties").putObject("detail").put("type", "array").putObject("items")
                .put("$ref", "#/components/schemas/ValidationError");
        return doc;
    }

    private static ObjectNode parameter(String name, String in, String type) {
        ObjectNode p = Json.object().put("name", name).put("in", in).put("required", true);
        p.putObject("schema").put("type", type).put("title", name);
        return p;
    }
}
