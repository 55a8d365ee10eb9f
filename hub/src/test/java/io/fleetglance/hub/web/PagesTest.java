package io.fleetglance.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.agent.Agent;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pages' URLs: the fleet at / and /browser, a host at /hosts/{name}/, beside the untouched API routes. */
class PagesTest {

    private static Hub hub;
    private static Agent agent;
    private static TestHttp http;

    @BeforeAll
    static void start() throws Exception {
        hub = Hub.start(HubSettings.loopback());
        agent = TestHttp.startAgent(hub, "node-a", Duration.ofMillis(250));
        http = new TestHttp(hub.port());
        assertTrue(TestHttp.await(Duration.ofSeconds(15), () -> hub.registry().find("node-a").isPresent()));
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
        hub.close();
    }

    @Test
    void servesTheFleetPageAtTheRootAndAtBrowser() throws Exception {
        for (String path : new String[] {"/", "/browser"}) {
            TestHttp.Answer a = http.get(path);
            assertEquals(200, a.status(), path);
            assertTrue(a.contentType().startsWith("text/html"), path + ": " + a.contentType());
            assertTrue(a.body().contains("fleet.js"), path + " is the fleet page");
        }
    }

    @Test
    void servesTheHostPageUnderTheHostsSlashAndRedirectsThere() throws Exception {
        HttpResponse<byte[]> r = http.raw("GET", "/hosts/node-a");
        assertEquals(307, r.statusCode());
        assertEquals("/hosts/node-a/", URI.create(r.headers().firstValue("Location").orElseThrow())
                .getPath());
        TestHttp.Answer page = http.get("/hosts/node-a/");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.body().contains("host.js"));
        TestHttp.Answer unknown = http.get("/hosts/nobody/");
        assertEquals(404, unknown.status());
        assertEquals("Unknown host nobody", unknown.json().get("detail").asText());
    }

    @Test
    void leavesTheApiRoutesAndAssetsAsTheyWere() throws Exception {
        assertEquals("4.5.6_dev01", http.get("/hosts/node-a/api/4/status").json().get("version").asText());
        assertEquals("4.5.6_dev01", http.get("/api/4/status").json().get("version").asText());
        assertEquals(400, http.get("/hosts/node-a/api/4/nosuchplugin").status());
        assertEquals(404, http.get("/hosts/node-a/nothing").status());
        TestHttp.Answer js = http.get("/static/fleet.js");
        assertEquals(200, js.status());
        assertTrue(js.contentType().startsWith("text/javascript"), js.contentType());
        assertEquals(200, http.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").status());
    }
}
