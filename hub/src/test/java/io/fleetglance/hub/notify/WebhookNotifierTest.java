package io.fleetglance.hub.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fleetglance.common.config.GlancesConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Webhooks delivered to a real HTTP server on loopback, retried on failure, never blocking the sender. */
class WebhookNotifierTest {

    @Test
    void retriesOn500UntilDelivered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            int status = n <= 2 ? 500 : 204; // the first two attempts fail
            if (status == 204) {
                received.add(new ObjectMapper().readTree(body));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        try (WebhookNotifier n = new WebhookNotifier(List.of(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/hook")), 5, Duration.ofMillis(50), Duration.ofSeconds(2), 10)) {
            n.send(new ObjectMapper().createObjectNode().put("host", "web-1").put("transition", "begin"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (n.delivered() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, n.delivered());
            assertEquals(3, calls.get(), "two failures, then the delivery");
            assertEquals("web-1", received.get(0).get("host").asText());
            assertEquals(0, n.failed());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDeadReceiverNeverBlocksAndDropsTheOldest() throws Exception {
        // nothing listens on this loopback port: every attempt fails at once
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (WebhookNotifier n = new WebhookNotifier(List.of(URI.create("http://127.0.0.1:" + port + "/")), 3,
                Duration.ofMillis(200), Duration.ofSeconds(1), 5)) {
            for (int i = 0; i < 1000; i++) {
                n.send(new ObjectMapper().createObjectNode().put("i", i));
            }
            // all 1000 sends returned while the worker was stuck retrying: only the queue's room was kept
            assertTrue(n.dropped() >= 1000 - 5 - 1, "the bounded queue dropped the oldest: " + n.dropped());
        }
    }

    @Test
    void readsReceiversFromTheAlertSection() {
        GlancesConfig c = GlancesConfig.parse("g.conf", List.of("[alert]", "webhook_1_url=http://127.0.0.1:9/a",
                "webhook_2_url=https://127.0.0.1:9/b"));
        try (WebhookNotifier n = WebhookNotifier.fromConfig(c)) {
            assertTrue(n.enabled());
        }
        GlancesConfig bad = GlancesConfig.parse("g.conf", List.of("[alert]", "webhook_1_url=ftp://x/"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebhookNotifier.fromConfig(bad));
        assertTrue(e.getMessage().contains("webhook_1_url"), e.getMessage());
    }
}
