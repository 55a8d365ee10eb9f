package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.agent.Agent;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.hub.auth.Authentication;
import io.fleetglance.hub.auth.GlancesPassword;
import io.fleetglance.hub.auth.JwtTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A hub with a password: Basic and Bearer as Glances, with /status left open for health checks. */
class AuthApiTest {

    private static String basic(String user, String pw) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void protectsEveryRouteButStatusAndToken() throws Exception {
        Authentication auth = new Authentication("glances", GlancesPassword.of("s3cret"),
                new JwtTokens(null, 60, Clock.systemUTC()));
        try (Hub hub = Hub.start(HubSettings.loopback().withAuth(auth))) {
            Agent agent = TestHttp.startAgent(hub, "guarded", Duration.ofMillis(200));
            TestHttp http = new TestHttp(hub.port());
            try {
                assertTrue(TestHttp.await(Duration.ofSeconds(15),
                        () -> hub.registry().find("guarded").map(h -> h.lastSeq()).orElse(0L) >= 2));
                assertEquals(200, http.get("/api/4/status").status());
                assertEquals(200, http.get("/hosts/guarded/api/4/status").status());

                HttpResponse<byte[]> none = http.raw("GET", "/hosts/guarded/api/4/cpu");
                assertEquals(401, none.statusCode());
                assertEquals("Basic", none.headers().firstValue("www-authenticate").orElse(""));
                assertEquals("Not authenticated", http.get("/api/4/pluginslist").json().get("detail").asText());

                TestHttp.Answer wrong = http.send("GET", "/hosts/guarded/api/4/cpu", "Authorization",
                        basic("glances", "nope"));
                assertEquals(401, wrong.status());
                assertEquals("Incorrect authentication", wrong.json().get("detail").asText());
                assertEquals(401, http.send("GET", "/hosts/guarded/api/4/cpu", "Authorization",
                        basic("admin", "s3cret")).status());

                TestHttp.Answer ok = http.send("GET", "/hosts/guarded/api/4/cpu", "Authorization",
                        basic("glances", "s3cret"));
                assertEquals(200, ok.status());
                assertTrue(ok.json().has("total"));

                JsonNode token = post(hub.port(), "/api/4/token", "{\"username\":\"glances\",\"password\":\"s3cret\"}",
                        200);
                assertEquals("bearer", token.get("token_type").asText());
                assertEquals(3600, token.get("expires_in").asInt());
                String bearer = "Bearer " + token.get("access_token").asText();
                assertEquals(200, http.send("GET", "/hosts/guarded/api/4/mem", "Authorization", bearer).status());
                HttpResponse<byte[]> badBearer = http.raw("GET", "/api/4/mem", "Authorization", "Bearer abc.def.ghi");
                assertEquals(401, badBearer.statusCode());
                assertEquals("Bearer", badBearer.headers().firstValue("www-authenticate").orElse(""));

                assertEquals("Invalid JSON body", post(hub.port(), "/api/4/token", "{oops", 400).get("detail").asText());
                assertEquals("Missing username or password in request body",
                        post(hub.port(), "/api/4/token", "{\"username\":\"glances\"}", 400).get("detail").asText());
                assertEquals("Incorrect authentication", post(hub.port(), "/api/4/token",
                        "{\"username\":\"glances\",\"password\":\"x\"}", 401).get("detail").asText());
            } finally {
                agent.close();
            }
        }
    }

    @Test
    void withoutAPasswordThereIsNoTokenRoute() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            // /token then matches only GET /{plugin}: a POST there is 405, as on Glances without --password
            assertEquals("Method Not Allowed", post(hub.port(), "/api/4/token", "{}", 405).get("detail").asText());
        }
    }

    private static JsonNode post(int port, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }
}
