package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API over HTTPS (--https) with the hub's certificate: Glances' answers, unchanged, on HTTP/2 and 1.1. */
class HttpsApiTest {

    private static final Pattern ISO = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
    private static Hub hub;
    private static Agent agent;
    private static SSLContext trustHub;

    @BeforeAll
    static void start() throws Exception {
        hub = Hub.start(HubSettings.loopback().withHttps(true));
        agent = TestHttp.startAgent(hub, "h1", Duration.ofMillis(200));
        hub.registry().setLocalHostName("h1");
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("hub-ca", hub.settings().tls().authority());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        trustHub = SSLContext.getInstance("TLS");
        trustHub.init(null, tmf.getTrustManagers(), null);
        assertTrue(TestHttp.await(Duration.ofSeconds(20),
                () -> hub.registry().find("h1").map(h -> h.lastSeq()).orElse(0L) >= 4));
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
        hub.close();
    }

    @Test
    void servesHttp2ThroughAlpnAndHttp11ToClientsThatAskForIt() throws Exception {
        HttpResponse<byte[]> h2 = new TestHttp(hub.port(), trustHub, HttpClient.Version.HTTP_2)
                .raw("GET", "/api/4/status");
        assertEquals(200, h2.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, h2.version());
        HttpResponse<byte[]> h1 = new TestHttp(hub.port(), trustHub, HttpClient.Version.HTTP_1_1)
                .raw("GET", "/api/4/status");
        assertEquals(200, h1.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, h1.version());
    }

    @Test
    void historyHasGlancesShapeAtTheRootAndPerHost() throws Exception {
        TestHttp http = new TestHttp(hub.port(), trustHub, HttpClient.Version.HTTP_2);
        for (String base : new String[] {"/api/4", "/hosts/h1/api/4"}) {
            JsonNode all = http.get(base + "/cpu/history").json();
            assertTrue(all.get("user").isArray() && all.get("user").size() >= 2, all.toString());
            JsonNode point = all.get("user").get(0);
            assertTrue(ISO.matcher(point.get(0).asText()).matches(), point.toString());
            assertTrue(point.get(1).isNumber());
            assertEquals(2, http.get(base + "/cpu/history/2").json().get("system").size());
            assertEquals(0, http.get(base + "/core/history").json().size(), "a plugin without history gives {}");
        }
    }

    @Test
    void errorsKeepGlancesShape() throws Exception {
        TestHttp http = new TestHttp(hub.port(), trustHub, HttpClient.Version.HTTP_1_1);
        TestHttp.Answer a = http.get("/api/4/cpu/history/x");
        assertEquals(422, a.status());
        JsonNode d = a.json().get("detail").get(0);
        assertEquals("[\"path\",\"nb\"]", d.get("loc").toString());
        assertEquals("type_error.integer", d.get("type").asText());
        TestHttp.Answer missing = http.get("/api/4/percpu/user/99");
        assertEquals(404, missing.status());
        assertEquals("Cannot get item user for key 99 in plugin percpu (list index out of range)",
                missing.json().get("detail").asText());
        assertTrue(http.get("/api/4/mem/total").json().get("total").asLong() > 0);
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoApi() {
        TestHttp plain = new TestHttp(hub.port());
        // Jetty answers a plaintext request on a TLS port with a 400 or closes it; never with the API
        try {
            TestHttp.Answer a = plain.get("/api/4/status");
            assertEquals(400, a.status(), a.body());
        } catch (IOException | InterruptedException refused) {
            assertTrue(refused instanceof IOException, refused.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> HubSettings.loopback().insecure().withHttps(true),
                "HTTPS without a certificate is refused at once");
    }
}
