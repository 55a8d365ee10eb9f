package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestGlancesServer;
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

    @Test
    void listsStaticRestServersBesideTheAgentsInGlancesShape() throws Exception {
        try (TestGlancesServer glances = TestGlancesServer.likeGlances()) {
            int dead = TestGlancesServer.closedPort();
            GlancesConfig config = GlancesConfig.parse("test.conf", List.of("[global]", "refresh=0.2",
                    "[serverlist]",
                    "server_1_name=127.0.0.1", "server_1_port=" + glances.port(), "server_1_alias=Agent A (REST)",
                    "server_1_protocol=rest",
                    "server_2_name=127.0.0.1", "server_2_port=" + dead, "server_2_alias=Dead REST agent",
                    "server_2_protocol=rest",
                    "server_3_name=localhost", "server_3_port=61296",
                    "[passwords]", "default=s3cr3t"));
            try (Hub hub = Hub.start(HubSettings.loopback().withConfig(config))) {
                Agent a = TestHttp.startAgent(hub, "node-a", Duration.ofMillis(200));
                TestHttp http = new TestHttp(hub.port());
                try {
                    String live = "127.0.0.1:" + glances.port();
                    String gone = "127.0.0.1:" + dead;
                    assertTrue(TestHttp.await(Duration.ofSeconds(15), () -> {
                        try {
                            JsonNode l = http.get("/api/4/serverslist").json();
                            return l.size() == 3 && "ONLINE".equals(byKey(l, "node-a").path("status").asText())
                                    && "ONLINE".equals(byKey(l, live).path("status").asText())
                                    && "OFFLINE".equals(byKey(l, gone).path("status").asText());
                        } catch (Exception e) {
                            return false;
                        }
                    }), "the agent and the live server ONLINE, the dead one OFFLINE, the rpc one skipped");
                    TestHttp.Answer answer = http.get("/api/4/serverslist");
                    JsonNode list = answer.json();
                    JsonNode s = byKey(list, live);
                    assertEquals("127.0.0.1", s.get("name").asText());
                    assertTrue(s.get("port").isTextual(), "port is a string, as Glances reads it from the config");
                    assertEquals(Integer.toString(glances.port()), s.get("port").asText());
                    assertEquals("Agent A (REST)", s.get("alias").asText());
                    assertEquals("rest", s.get("protocol").asText());
                    assertEquals("glances", s.get("username").asText());
                    assertEquals("127.0.0.1", s.get("ip").asText());
                    assertEquals("STATIC", s.get("type").asText());
                    assertEquals("[\"system_hr_name\",\"load_min5\",\"cpu_total\",\"mem_percent\"]",
                            s.get("columns").toString());
                    assertEquals(12.5, s.get("cpu_total").asDouble());
                    assertEquals("OK_LOG", s.get("cpu_total_decoration").asText());
                    assertEquals(40.0, s.get("mem_percent").asDouble());
                    assertEquals("CAREFUL", s.get("mem_percent_decoration").asText());
                    assertEquals(0.4755859375, s.get("load_min5").asDouble());
                    assertFalse(s.has("load_min5_decoration"));
                    assertTrue(s.get("last_seen").isTextual());

                    JsonNode d = byKey(list, gone);
                    assertEquals("Dead REST agent", d.get("alias").asText());
                    for (String stat : List.of("system_hr_name", "load_min5", "cpu_total", "mem_percent")) {
                        assertFalse(d.has(stat) || d.has(stat + "_decoration"), "OFFLINE has no stats: " + d);
                    }
                    assertTrue(d.get("last_seen").isNull());

                    JsonNode agent = byKey(list, "node-a");
                    assertTrue(agent.get("cpu_total").isNumber());
                    // agents' decorations come from their own views, as Glances' browser reads them from /views
                    assertTrue(List.of("DEFAULT", "OK_LOG", "CAREFUL_LOG", "WARNING_LOG", "CRITICAL_LOG")
                            .contains(agent.get("cpu_total_decoration").asText()), agent.toString());
                    assertEquals("DEFAULT", agent.get("system_hr_name_decoration").asText());
                    for (JsonNode e : list) {
                        assertFalse(e.has("password") || e.has("uri"), "never a credential: " + e);
                    }
                    assertFalse(answer.body().contains("s3cr3t"), "the password never shows");
                    // the default password answered the live server's challenge, over loopback only
                    assertTrue(glances.requests().stream().allMatch(r -> r.authorization() != null));
                } finally {
                    a.close();
                }
            }
        }
    }

    private static JsonNode byKey(JsonNode list, String key) {
        for (JsonNode e : list) {
            if (e.path("key").asText().equals(key)) {
                return e;
            }
        }
        return MissingNode.getInstance();
    }
}
