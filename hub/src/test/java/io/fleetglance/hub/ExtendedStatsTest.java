package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** POST /processes/extended/{pid} travels to the host's agent, and the extended stats come back with its samples. */
class ExtendedStatsTest {

    @Test
    void extendedStatsOfOneProcessArriveWithTheNextSamples() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            Agent agent = TestHttp.startAgent(hub, "ext", Duration.ofMillis(200));
            TestHttp http = new TestHttp(hub.port());
            try {
                assertTrue(TestHttp.await(Duration.ofSeconds(15),
                        () -> hub.registry().find("ext").map(h -> h.lastSeq()).orElse(0L) >= 2));
                long self = ProcessHandle.current().pid();
                TestHttp.Answer post = http.send("POST", "/hosts/ext/api/4/processes/extended/" + self);
                assertEquals(200, post.status());
                assertEquals("true", post.body());
                assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> {
                    try {
                        return http.get("/hosts/ext/api/4/processes/extended").json().has("extended_stats");
                    } catch (Exception e) {
                        return false;
                    }
                }), "the extended stats arrived");
                JsonNode p = http.get("/hosts/ext/api/4/processes/extended").json();
                assertEquals(self, p.get("pid").asLong());
                assertTrue(p.get("extended_stats").asBoolean());
                assertTrue(p.get("num_threads").asInt() > 1);
                assertTrue(p.get("num_fds").asInt() > 0, p.toString());
                assertTrue(p.has("num_ctx_switches") && p.has("cpu_affinity") && p.has("memory_swap"), p.toString());

                assertEquals("true", http.send("POST", "/hosts/ext/api/4/processes/extended/disable").body());
                assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> {
                    try {
                        return http.get("/hosts/ext/api/4/processes/extended").json().isEmpty();
                    } catch (Exception e) {
                        return false;
                    }
                }), "disabled again");
            } finally {
                agent.close();
            }
        }
    }
}
