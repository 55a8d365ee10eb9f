package io.fleetglance.hub.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A real agent stopped and restarted: its host gets a HOST_DOWN event that closes when samples come back, and a
 * webhook receiver (a real HTTP server in the test) hears the event begin and end.
 */
class HostDownTest {

    private static JsonNode hostDown(TestHttp http) throws Exception {
        for (JsonNode e : http.get("/hosts/flaky/api/4/alert").json()) {
            if (e.get("type").asText().equals("HOST_DOWN")) {
                return e;
            }
        }
        return null;
    }

    @Test
    void hostDownOpensWhenTheAgentStopsAndClosesWhenItReturns() throws Exception {
        List<JsonNode> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            hooks.add(new ObjectMapper().readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        // min_duration 0 so a short outage in a test still leaves its event
        GlancesConfig config = GlancesConfig.shipped()
                .with("alert", "webhook_1_url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                .with("alert", "min_duration", "0");
        try (Hub hub = Hub.start(HubSettings.loopback().withConfig(config))) {
            TestHttp http = new TestHttp(hub.port());
            Agent first = TestHttp.startAgent(hub, "flaky", Duration.ofMillis(200));
            assertTrue(TestHttp.await(Duration.ofSeconds(15),
                    () -> hub.registry().find("flaky").map(Host::lastSeq).orElse(0L) >= 2));
            first.close();
            assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> {
                try {
                    JsonNode e = hostDown(http);
                    return e != null && e.get("end").asDouble() == -1;
                } catch (Exception ex) {
                    return false;
                }
            }), "HOST_DOWN opened");
            assertEquals("CRITICAL", hostDown(http).get("state").asText());

            Thread.sleep(1100); // events keep whole seconds: let the outage span at least one
            Agent back = TestHttp.startAgent(hub, "flaky", Duration.ofMillis(200));
            try {
                assertTrue(TestHttp.await(Duration.ofSeconds(15), () -> {
                    try {
                        JsonNode e = hostDown(http);
                        return e != null && e.get("end").asDouble() > 0;
                    } catch (Exception ex) {
                        return false;
                    }
                }), "HOST_DOWN closed when samples came back");
                assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> hooks.stream()
                        .anyMatch(h -> h.get("transition").asText().equals("end"))), "webhook heard the end");
                JsonNode begin = hooks.stream().filter(h -> h.get("transition").asText().equals("begin")
                        && h.get("event").get("type").asText().equals("HOST_DOWN")).findFirst().orElseThrow();
                assertEquals("flaky", begin.get("host").asText());
                assertTrue(begin.get("link").asText().endsWith("/hosts/flaky/api/4/alert"));
            } finally {
                back.close();
            }
        } finally {
            receiver.stop(0);
        }
    }
}
