package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.config.GlancesConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A hub that starts while an agent is already knocking, with a backlog in its outbox (a hub restarted under a running
 * fleet): the very first sample it takes in is seen by everything that watches samples and events. Its webhook is
 * told of the event that sample begins, which a hub taking samples before its webhooks were in place would miss.
 */
class HubStartTest {

    @Test
    void theFirstSampleOfAWaitingAgentReachesTheWebhooks() throws Exception {
        List<JsonNode> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", ex -> {
            hooks.add(new ObjectMapper().readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        int ingestPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ingestPort = free.getLocalPort();
        }
        // every sample of memory use is CRITICAL (a limit of 0 would count as unset), so the first one handled begins the MEM event
        GlancesConfig config = GlancesConfig.parse("hub.conf", List.of("[mem]", "careful=0.01", "warning=0.02", "critical=0.03",
                "[alert]", "webhook_1_url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
        HubSettings settings = HubSettings.loopback().withIngestPort(ingestPort).withConfig(config);
        Agent agent = TestAgents.start(settings, ingestPort, "early-bird", "id-early-bird-1", Duration.ofMillis(150),
                "");
        Hub hub = null;
        try {
            assertTrue(TestAgents.await(Duration.ofSeconds(10), () -> agent.outbox().size() >= 3),
                    "the agent samples while no hub listens");
            List<Long> seqs = new CopyOnWriteArrayList<>();
            hub = Hub.start(settings,
                    List.of((h, s) -> seqs.add(s.getSeq())));
            assertTrue(TestAgents.await(Duration.ofSeconds(15), () -> seqs.size() >= 5), "samples: " + seqs);
            List<Long> got = new ArrayList<>(seqs);
            for (int i = 0; i < got.size(); i++) {
                assertEquals(i + 1, got.get(i), "the listener saw every sample from the first: " + got);
            }
            assertTrue(TestAgents.await(Duration.ofSeconds(10), () -> hooks.stream().anyMatch(
                    d -> "MEM".equals(d.get("event").get("type").asText()))), "the MEM event reached the webhook: "
                    + hooks);
            JsonNode mem = hooks.stream().filter(d -> "MEM".equals(d.get("event").get("type").asText())).findFirst()
                    .orElseThrow();
            assertEquals("early-bird", mem.get("host").asText());
            assertEquals("begin", mem.get("transition").asText(), mem.toString());
            assertEquals("CRITICAL", mem.get("event").get("state").asText(), mem.toString());
        } finally {
            agent.close();
            if (hub != null) {
                hub.close();
            }
            receiver.stop(0);
        }
    }
}
