package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.agent.Agent;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every route family of the Glances API v4 against a real hub and agent, at the root and per host alike. */
class GlancesRoutesTest {

    private static final Pattern ISO = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
    private static Hub hub;
    private static Agent agent;
    private static TestHttp http;

    @BeforeAll
    static void start() throws Exception {
        hub = Hub.start(HubSettings.loopback());
        agent = TestHttp.startAgent(hub, "h1", Duration.ofMillis(200));
        hub.registry().setLocalHostName("h1");
        http = new TestHttp(hub.port());
        assertTrue(TestHttp.await(Duration.ofSeconds(20),
                () -> hub.registry().find("h1").map(h -> h.lastSeq()).orElse(0L) >= 4));
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
        hub.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/4", "/hosts/h1/api/4"})
    void historyHasGlancesShape(String base) throws Exception {
        JsonNode all = http.get(base + "/cpu/history").json();
        assertTrue(all.get("user").isArray() && all.get("user").size() >= 2, all.toString());
        JsonNode point = all.get("user").get(0);
        assertTrue(ISO.matcher(point.get(0).asText()).matches(), point.toString());
        assertTrue(point.get(1).isNumber());

        assertEquals(2, http.get(base + "/cpu/history/2").json().get("system").size());
        assertEquals(1, http.get(base + "/cpu/history?nb=1").json().get("user").size());
        JsonNode series = http.get(base + "/cpu/system/history/3").json();
        assertTrue(series.isArray() && series.size() == 3 && series.get(0).isArray());
        assertEquals(2, http.get(base + "/load/min1/history?nb=2").json().size());
        assertTrue(http.get(base + "/cpu/nosuchseries/history").json().isNull());
        assertEquals(0, http.get(base + "/core/history").json().size(), "a plugin without history gives {}");
    }

    @Test
    void negativeHistoryNbDropsTheFirstPoints() throws Exception {
        int total = http.get("/api/4/mem/percent/history").json().size();
        int dropped = http.get("/api/4/mem/percent/history/-1").json().size();
        assertTrue(dropped == total - 1 || dropped == total, total + " vs " + dropped); // a sample may land between
    }

    @Test
    void nonIntegerNbIs422InGlancesShape() throws Exception {
        TestHttp.Answer a = http.get("/api/4/cpu/history/abc");
        assertEquals(422, a.status());
        JsonNode d = a.json().get("detail").get(0);
        assertEquals("[\"path\",\"nb\"]", d.get("loc").toString());
        assertEquals("type_error.integer", d.get("type").asText());
        assertEquals(422, http.get("/api/4/cpu/history?nb=x").status());
        assertEquals("query", http.get("/api/4/cpu/history?nb=x").json().get("detail").get(0).get("loc").get(0)
                .asText());
        assertEquals(422, http.get("/api/4/processlist/top/two").status());
    }

    @Test
    void itemsOfDictAndListPlugins() throws Exception {
        JsonNode total = http.get("/api/4/mem/total").json();
        assertTrue(total.get("total").asLong() > 0);
        assertTrue(http.get("/api/4/mem/nosuchfield").json().isNull(), "unknown field is 200 null");
        assertEquals(200, http.get("/api/4/mem/nosuchfield").status());
        JsonNode numbers = http.get("/api/4/percpu/cpu_number").json().get("cpu_number");
        assertEquals(Runtime.getRuntime().availableProcessors(), numbers.size());
    }

    @Test
    void valueKeyAndTopOfAListPlugin() throws Exception {
        JsonNode zero = http.get("/api/4/percpu/cpu_number/value/0").json();
        assertEquals(1, zero.get("0").size());
        assertEquals(0, zero.get("0").get(0).get("cpu_number").asInt());
        assertEquals(0, http.get("/api/4/percpu/cpu_number/value/999").json().get("999").size());
        assertTrue(http.get("/api/4/mem/total/value/1").json().isNull(), "value on a dict plugin is null");

        // numeric keys match by their text (Glances cannot; we do on purpose)
        JsonNode user = http.get("/api/4/percpu/user/0").json();
        assertTrue(user.get("user").isNumber(), user.toString());
        TestHttp.Answer missing = http.get("/api/4/percpu/user/99");
        assertEquals(404, missing.status());
        assertEquals("Cannot get item user for key 99 in plugin percpu (list index out of range)",
                missing.json().get("detail").asText());
        assertEquals(404, http.get("/api/4/mem/total/whatever").status(), "key on a dict plugin is 404");

        assertEquals(1, http.get("/api/4/percpu/top/1").json().size());
        assertEquals(0, http.get("/api/4/percpu/top/0").json().size());
        assertTrue(http.get("/api/4/mem/top/1").json().has("total"), "top of a dict plugin is the whole dict");
    }

    @Test
    void descriptionAndUnitComeFromTheCatalogue() throws Exception {
        assertEquals("percent", http.get("/api/4/cpu/total/unit").json().asText());
        assertTrue(http.get("/api/4/cpu/total/description").json().isTextual());
        assertTrue(http.get("/api/4/cpu/nosuch/unit").json().isNull());
    }

    @Test
    void wrongMethodTrailingSlashHeadAndUnknownPaths() throws Exception {
        TestHttp.Answer post = http.send("POST", "/api/4/cpu");
        assertEquals(405, post.status());
        assertEquals("Method Not Allowed", post.json().get("detail").asText());

        HttpResponse<byte[]> slash = http.raw("GET", "/api/4/cpu/");
        assertEquals(307, slash.statusCode());
        assertEquals("/api/4/cpu", slash.headers().firstValue("location").orElseThrow().replaceFirst("^https?://[^/]+", ""));
        HttpResponse<byte[]> hostSlash = http.raw("GET", "/hosts/h1/api/4/mem/");
        assertTrue(hostSlash.headers().firstValue("location").orElseThrow().endsWith("/hosts/h1/api/4/mem"));

        assertEquals(200, http.raw("HEAD", "/api/4/status").statusCode());
        assertEquals(405, http.raw("HEAD", "/api/4/cpu").statusCode());

        TestHttp.Answer events = http.get("/api/4/events/clear/all");
        assertEquals(400, events.status(), "a GET on a POST-only path falls through to the plugin routes");
        assertTrue(events.json().get("detail").asText().startsWith("Unknown plugin events"));

        assertEquals(404, http.get("/api/4").status());
        assertEquals(404, http.get("/api/3/cpu").status());
        assertEquals(404, http.get("/api/4/fs/%2F_percent/history/2").status());
    }

    @Test
    void processesByPid() throws Exception {
        TestHttp.Answer unknown = http.get("/api/4/processes/999999999");
        assertEquals(404, unknown.status());
        assertEquals("Unknown PID process 999999999", unknown.json().get("detail").asText());
        assertEquals(422, http.get("/api/4/processes/abc").status());
        assertEquals("{}", http.get("/api/4/processes/extended").json().toString());
        assertEquals(404, http.send("POST", "/api/4/processes/extended/999999999").status());
        assertEquals("true", http.send("POST", "/api/4/processes/extended/disable").body());
    }

    @Test
    void argsAreGlancesNamesWithTheHubsValuesRedacted() throws Exception {
        JsonNode args = http.get("/api/4/args").json();
        assertEquals(hub.port(), args.get("port").asInt());
        assertEquals("127.0.0.1", args.get("bind_address").asText());
        assertEquals(2.0, args.get("time").asDouble());
        assertEquals("********", args.get("password").asText());
        assertEquals("********", args.get("username").asText());
        assertEquals(false, args.get("disable_cpu").asBoolean());
        assertEquals(true, args.get("disable_irq").asBoolean(), "irq is off by default, as in Glances");
        assertEquals(2.0, http.get("/hosts/h1/api/4/args/time").json().asDouble());
        TestHttp.Answer unknown = http.get("/api/4/args/nosuch");
        assertEquals(400, unknown.status());
        assertEquals("Unknown argument item nosuch", unknown.json().get("detail").asText());
    }

    @Test
    void anOversizedBodyIsRefusedAndTheHubKeepsServing() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port()
                        + "/api/4/processes/extended/disable"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode());
        assertTrue(r.body().contains("Request body too large"), r.body());
        assertEquals(200, http.get("/api/4/cpu").status());
    }

    @Test
    void allHasEveryListedPlugin() throws Exception {
        JsonNode all = http.get("/api/4/all").json();
        JsonNode plugins = http.get("/api/4/pluginslist").json();
        for (JsonNode p : plugins) {
            assertTrue(all.has(p.asText()), p.asText());
        }
        assertEquals(plugins.size(), all.size());
    }

    @Test
    void gzipsLargeBodiesOnlyWhenAccepted() throws Exception {
        HttpResponse<byte[]> zipped = http.raw("GET", "/api/4/all", "Accept-Encoding", "gzip");
        assertEquals("gzip", zipped.headers().firstValue("content-encoding").orElse(""));
        assertEquals("Accept-Encoding", zipped.headers().firstValue("vary").orElse(""));
        JsonNode all = new ObjectMapper().readTree(new GZIPInputStream(new ByteArrayInputStream(zipped.body())));
        assertTrue(all.has("cpu"));

        HttpResponse<byte[]> plain = http.raw("GET", "/api/4/all");
        assertFalse(plain.headers().firstValue("content-encoding").isPresent());
        HttpResponse<byte[]> small = http.raw("GET", "/api/4/status", "Accept-Encoding", "gzip");
        assertFalse(small.headers().firstValue("content-encoding").isPresent(), "under 1000 bytes stays plain");
    }

    @Test
    void corsAllowsAnyOriginWithoutCredentials() throws Exception {
        HttpResponse<byte[]> simple = http.raw("GET", "/api/4/status", "Origin", "http://example.test");
        assertEquals("*", simple.headers().firstValue("access-control-allow-origin").orElse(""));
        assertNull(simple.headers().firstValue("access-control-allow-credentials").orElse(null));

        HttpResponse<byte[]> preflight = http.raw("OPTIONS", "/hosts/h1/api/4/cpu", "Origin", "http://example.test",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-custom");
        assertEquals(200, preflight.statusCode());
        assertEquals("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
                preflight.headers().firstValue("access-control-allow-methods").orElse(""));
        assertEquals("600", preflight.headers().firstValue("access-control-max-age").orElse(""));
        assertEquals("x-custom", preflight.headers().firstValue("access-control-allow-headers").orElse(""));
    }
}
