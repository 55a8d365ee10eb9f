package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /api/4/serverslist} lists the fleet in Glances' browser shape and follows each stream's liveness. */
class ServersListTest {

    private static JsonNode entry(JsonNode list, String name) {
        for (JsonNode e : list) {
            if (e.get("name").asText().equals(name)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void listsConnectedAgentsOnlineAndAStoppedOneOffline() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            Agent a = TestHttp.startAgent(hub, "node-a", Duration.ofMillis(200));
            Agent b = TestHttp.startAgent(hub, "node-b", Duration.ofMillis(200));
            TestHttp http = new TestHttp(hub.port());
            try {
                assertTrue(TestHttp.await(Duration.ofSeconds(15), () -> hub.registry().hosts().stream()
                        .filter(h -> h.lastSeq() >= 2).count() == 2));
                JsonNode list = http.get("/api/4/serverslist").json();
                assertEquals(2, list.size());
                JsonNode e = entry(list, "node-a");
                assertEquals("ONLINE", e.get("status").asText());
                assertEquals("node-a", e.get("key").asText());
                assertEquals("127.0.0.1", e.get("ip").asText());
                assertEquals(hub.port(), e.get("port").asInt());
                assertEquals("rest", e.get("protocol").asText());
                assertEquals("DYNAMIC", e.get("type").asText());
                assertEquals("glances", e.get("username").asText());
                assertEquals("/hosts/node-a/api/4", e.get("api").asText());
                assertEquals(List.of("system_hr_name", "load_min5", "cpu_total", "mem_percent"),
                        List.of(e.get("columns").get(0).asText(), e.get("columns").get(1).asText(),
                                e.get("columns").get(2).asText(), e.get("columns").get(3).asText()));
                assertTrue(e.get("system_hr_name").isTextual());
                assertTrue(e.get("mem_percent").isNumber());
                assertTrue(e.get("cpu_total").isNumber());
                assertFalse(e.has("password") || e.has("uri"), "never a credential: " + e);
                // the same list through any host's API
                assertEquals(2, http.get("/hosts/node-b/api/4/serverslist").json().size());

                b.close();
                // a stopped agent is OFFLINE within three periods
                assertTrue(TestHttp.await(Duration.ofMillis(3 * 200 + 1500), () -> {
                    try {
                        JsonNode now = entry(http.get("/api/4/serverslist").json(), "node-b");
                        return "OFFLINE".equals(now.get("status").asText()) && !now.has("cpu_total");
                    } catch (Exception ex) {
                        return false;
                    }
                }), "node-b went OFFLINE");
                assertEquals("ONLINE", entry(http.get("/api/4/serverslist").json(), "node-a").get("status").asText());
            } finally {
                a.close();
                b.close();
            }
        }
    }
}
