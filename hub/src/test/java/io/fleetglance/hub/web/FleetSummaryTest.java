package io.fleetglance.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestGlancesServer;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.hub.api.Json;
import io.fleetglance.hub.fleet.FleetTrends;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /fleet/summary.json}: the whole fleet with the fleet page's figures and short series, in one answer. */
class FleetSummaryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode host(JsonNode summary, String key) {
        for (JsonNode h : summary.get("hosts")) {
            if (h.get("key").asText().equals(key)) {
                return h;
            }
        }
        throw new AssertionError("no host " + key + " in " + summary);
    }

    @Test
    void summarisesAgentsAndStaticServersWithRecentSeries() throws Exception {
        try (TestGlancesServer glances = TestGlancesServer.likeGlances()) {
            GlancesConfig config = GlancesConfig.parse("test.conf", List.of("[global]", "refresh=0.2",
                    "[serverlist]", "server_1_name=127.0.0.1", "server_1_port=" + glances.port(),
                    "server_1_alias=Agent A (REST)", "server_1_protocol=rest"));
            try (Hub hub = Hub.start(HubSettings.loopback().withConfig(config))) {
                Agent a = TestHttp.startAgent(hub, "node-a", Duration.ofMillis(200));
                Agent b = TestHttp.startAgent(hub, "node-b", Duration.ofMillis(200));
                hub.registry().setLocalHostName("node-a");
                TestHttp http = new TestHttp(hub.port());
                try {
                    String live = "127.0.0.1:" + glances.port();
                    assertTrue(TestHttp.await(Duration.ofSeconds(15), () -> {
                        try {
                            JsonNode s = http.get("/fleet/summary.json").json();
                            return host(s, "node-a").get("series").get("cpu").size() >= 3
                                    && host(s, "node-b").get("series").get("cpu").size() >= 3
                                    && host(s, live).get("series").get("cpu").size() >= 2;
                        } catch (Exception | AssertionError e) {
                            return false;
                        }
                    }), "three samples from each agent, two polls of the server");
                    TestHttp.Answer answer = http.get("/fleet/summary.json");
                    assertEquals(200, answer.status());
                    assertEquals("application/json", answer.contentType());
                    JsonNode s = answer.json();
                    assertTrue(s.get("now").asLong() > 0);
                    assertEquals(FleetTrends.POINTS, s.get("points").asInt());
                    assertEquals(3, s.get("hosts").size());

                    JsonNode na = host(s, "node-a");
                    assertEquals("ONLINE", na.get("status").asText());
                    assertEquals("DYNAMIC", na.get("type").asText());
                    assertTrue(na.get("local").asBoolean());
                    assertFalse(host(s, "node-b").get("local").asBoolean());
                    assertEquals("hosts/node-a/", na.get("href").asText());
                    assertTrue(na.get("hr_name").isTextual());
                    double cpu = na.get("cpu").asDouble();
                    assertTrue(cpu >= 0 && cpu <= 100, "cpu " + cpu);
                    assertTrue(na.get("mem").asDouble() > 0 && na.get("mem").asDouble() <= 100);
                    assertTrue(na.get("swap").isNumber());
                    assertTrue(na.get("load").get("min1").isNumber() && na.get("load").get("min15").isNumber());
                    assertEquals(Runtime.getRuntime().availableProcessors(), na.get("load").get("cpucore").asInt());
                    // the fullest disk of this machine's file systems, in percent
                    double fullest = na.get("fs").get("percent").asDouble();
                    assertTrue(na.get("fs").get("mnt_point").isTextual() && fullest >= 0 && fullest <= 100,
                            na.toString());
                    // events depend on how busy this machine is: the count is whatever the host's alert list says
                    assertTrue(na.get("alerts").get("count").isInt() && na.get("alerts").get("count").asInt() >= 0);
                    assertTrue(na.get("decorations").size() > 0, "decorations come from the host's views: " + na);
                    assertTrue(na.get("last_seen").asLong() <= s.get("now").asLong());
                    JsonNode series = na.get("series").get("cpu");
                    assertTrue(series.size() <= FleetTrends.POINTS);
                    assertEquals(cpu, series.get(series.size() - 1).asDouble(), 0.05,
                            "the series ends with the current value");

                    JsonNode st = host(s, live);
                    assertEquals("STATIC", st.get("type").asText());
                    assertEquals("ONLINE", st.get("status").asText());
                    assertEquals("Agent A (REST)", st.get("alias").asText());
                    assertEquals("http://127.0.0.1:" + glances.port() + "/", st.get("href").asText());
                    assertEquals(12.5, st.get("cpu").asDouble());
                    assertEquals(40.0, st.get("mem").asDouble());
                    assertEquals(0.4755859375, st.get("load").get("min5").asDouble());
                    assertTrue(st.get("load").get("min1").isNull());
                    assertEquals("OK_LOG", st.get("decorations").get("cpu_total").asText());
                    assertEquals("CAREFUL", st.get("decorations").get("mem_percent").asText());
                    assertEquals(12.5, st.get("series").get("cpu").get(0).asDouble());

                    JsonNode one = http.get("/fleet/summary.json?host=node-b").json();
                    assertEquals(1, one.get("hosts").size(), "?host= narrows the answer to one host");
                    assertEquals("node-b", one.get("hosts").get(0).get("name").asText());
                    assertEquals(live, http.get("/fleet/summary.json?host=" + live).json().get("hosts").get(0)
                            .get("key").asText());
                    assertEquals(0, http.get("/fleet/summary.json?host=nobody").json().get("hosts").size());

                    b.close();
                    assertTrue(TestHttp.await(Duration.ofSeconds(5), () -> {
                        try {
                            JsonNode nb = host(http.get("/fleet/summary.json").json(), "node-b");
                            return nb.get("status").asText().equals("OFFLINE") && nb.get("cpu").isNull();
                        } catch (Exception e) {
                            return false;
                        }
                    }), "a stopped agent is OFFLINE, without current figures");
                } finally {
                    a.close();
                    b.close();
                }
            }
        }
    }

    @Test
    void countsAlertsAndTheWorstOngoingState() throws Exception {
        JsonNode events = MAPPER.readTree("[{\"state\":\"CRITICAL\",\"end\":1795712278.0},"
                + "{\"state\":\"WARNING\",\"end\":-1},{\"state\":\"CAREFUL\",\"end\":-1}]");
        ObjectNode a = Json.object();
        FleetSummary.alerts(a, events);
        assertEquals(3, a.get("count").asInt());
        assertEquals(2, a.get("ongoing").asInt());
        assertEquals("WARNING", a.get("state").asText(), "the finished CRITICAL does not count as ongoing");
        ObjectNode none = Json.object();
        FleetSummary.alerts(none, MissingNode.getInstance());
        assertEquals(0, none.get("count").asInt());
        assertTrue(none.get("state").isNull());
    }

    @Test
    void picksTheFullestFileSystem() throws Exception {
        JsonNode fs = MAPPER.readTree("[{\"mnt_point\":\"/\",\"percent\":21.5},{\"mnt_point\":\"/var\",\"percent\":"
                + "88.0},{\"mnt_point\":\"/boot\",\"percent\":40}]");
        assertEquals("/var", FleetSummary.fullestFs(fs).get("mnt_point").asText());
        assertEquals(null, FleetSummary.fullestFs(MAPPER.readTree("[]")));
    }
}
