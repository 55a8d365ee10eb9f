package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import org.junit.jupiter.api.Test;

/** The API describes itself, and its Swagger UI comes from the hub's jar. */
class DocsTest {

    @Test
    void openApiDescribesEveryRouteAtTheRootAndPerHost() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            TestHttp http = new TestHttp(hub.port());
            JsonNode doc = http.get("/openapi.json").json();
            assertEquals("3.0.2", doc.get("openapi").asText());
            JsonNode paths = doc.get("paths");
            for (Route r : GlancesRoutes.all(false)) {
                String root = "/api/4/" + r.openApiPath();
                String perHost = "/hosts/{name}" + root;
                String method = r.method().toLowerCase();
                assertTrue(paths.path(root).has(method), root + " " + method);
                assertTrue(paths.path(perHost).has(method), perHost + " " + method);
            }
            JsonNode nb = paths.get("/api/4/{plugin}/history/{nb}").get("get").get("parameters");
            boolean integer = false;
            for (JsonNode p : nb) {
                integer |= p.get("name").asText().equals("nb") && p.get("schema").get("type").asText().equals("integer");
            }
            assertTrue(integer, "nb is an integer path parameter");
            assertTrue(paths.get("/api/4/{plugin}/{item}/value/{value}").has("get"));
        }
    }

    @Test
    void docsPageLoadsSwaggerUiFromTheJar() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            TestHttp http = new TestHttp(hub.port());
            TestHttp.Answer page = http.get("/docs");
            assertEquals(200, page.status());
            assertTrue(page.contentType().startsWith("text/html"));
            assertTrue(page.body().contains("webjars/swagger-ui/5.34.1/swagger-ui-bundle.js"));
            assertTrue(!page.body().contains("cdn."), "no CDN");
            TestHttp.Answer js = http.get("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js");
            assertEquals(200, js.status());
            assertTrue(js.body().length() > 1_000_000);
            int traversal = http.get("/webjars/swagger-ui/../../../etc/passwd").status();
            assertTrue(traversal == 400 || traversal == 404, "no way out of the asset roots: " + traversal);
            assertEquals(404, http.get("/static/nosuch.js").status());
        }
    }
}
