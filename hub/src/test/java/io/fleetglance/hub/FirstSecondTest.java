package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.fleet.TestHosts;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Glances client that starts with the hub: as soon as {@code /api/4/status} answers, the plugins answer too, in
 * the shapes Glances has before its first update ({@code {}} or {@code []}), and the plugin list is the one served a
 * moment later, never a 400 naming no plugin.
 */
class FirstSecondTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void pluginsAnswerFromTheMomentStatusDoes() throws Exception {
        int port = freePort();
        TestHttp http = new TestHttp(port);
        Map<String, TestHttp.Answer> first = new ConcurrentHashMap<>();
        // A client polling the hub while it starts, then asking for plugins right after its first status answer.
        CompletableFuture<Long> client = CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                while (System.nanoTime() < deadline) {
                    try {
                        if (http.get("/api/4/status").status() == 200) {
                            long answered = System.nanoTime();
                            for (String path : List.of("/api/4/system", "/api/4/processlist", "/api/4/pluginslist",
                                    "/api/4/all", "/api/4/all/views", "/api/4/cpu/total", "/api/4/cpu/history")) {
                                first.put(path, http.get(path));
                            }
                            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
                        }
                    } catch (ConnectException notYet) {
                        Thread.onSpinWait();
                    }
                }
                return -1L;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        HubSettings settings = new HubSettings("127.0.0.1", port, "127.0.0.1", 0, "", GlancesConfig.shipped(), null);
        try (Hub hub = Hub.start(settings, List.of(), "hub-machine")) {
            long askedWithinMs = client.get(30, TimeUnit.SECONDS);
            assertTrue(askedWithinMs >= 0, "the hub answered /api/4/status");

            assertEquals(200, first.get("/api/4/system").status(), first.get("/api/4/system").body());
            assertEquals("{}", first.get("/api/4/system").json().toString(), "system before its first update");
            assertEquals("[]", first.get("/api/4/processlist").json().toString());
            assertEquals("null", first.get("/api/4/cpu/total").json().toString(), "a field not there yet");
            assertEquals(200, first.get("/api/4/cpu/history").status());
            List<String> plugins = texts(first.get("/api/4/pluginslist").json());
            assertTrue(plugins.containsAll(List.of("cpu", "mem", "system", "processlist", "alert")), plugins.toString());
            assertTrue(!plugins.contains("npu") && !plugins.contains("connections"), "disabled plugins stay out");
            assertEquals(plugins, names(first.get("/api/4/all").json()));
            assertEquals(plugins, names(first.get("/api/4/all/views").json()));

            Agent agent = TestHttp.startAgent(hub, "hub-machine", Duration.ofMillis(200));
            try {
                assertTrue(TestHttp.await(Duration.ofSeconds(20), () -> {
                    try {
                        return http.get("/api/4/system").json().has("hostname");
                    } catch (Exception e) {
                        return false;
                    }
                }), "the local host's first sample is served");
                List<String> after = texts(http.get("/api/4/pluginslist").json());
                assertTrue(after.containsAll(List.of("cpu", "mem", "system", "processlist", "alert")), after.toString());
            } finally {
                agent.close();
            }
        }
    }

    @Test
    void allViewsListsTheAlertPluginAsGlancesDoes() throws Exception {
        JsonNode glances = GlancesSamples.read("all__views.json");
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            TestHttp http = new TestHttp(hub.port());
            Agent agent = TestHttp.startAgent(hub, "viewed", Duration.ofMillis(200));
            try {
                assertTrue(TestHttp.await(Duration.ofSeconds(20),
                        () -> hub.registry().find("viewed").map(h -> h.lastSeq()).orElse(0L) >= 2));
                JsonNode ours = http.get("/hosts/viewed/api/4/all/views").json();
                assertEquals(glances.get("alert"), ours.get("alert"), "alert's views, as Glances 4.5.6 serves them");
                List<String> order = names(glances);
                List<String> served = names(ours);
                served.retainAll(order);
                List<String> expected = new ArrayList<>(order);
                expected.retainAll(served);
                assertEquals(expected, served, "plugins in Glances' order");
                assertTrue(served.contains("alert"), served.toString());
            } finally {
                agent.close();
            }
        }
    }

    @Test
    void aConnectedHostWithoutASampleAnswersAsBeforeAFirstUpdate() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            TestHosts.attach(hub.registry(), "fresh");
            TestHttp http = new TestHttp(hub.port());

            TestHttp.Answer mem = http.get("/hosts/fresh/api/4/mem");
            assertEquals(200, mem.status(), mem.body());
            assertEquals("{}", mem.json().toString());
            assertEquals("[]", http.get("/hosts/fresh/api/4/network").json().toString());
            assertEquals(texts(http.get("/hosts/fresh/api/4/pluginslist").json()),
                    names(http.get("/hosts/fresh/api/4/all").json()));
            TestHttp.Answer unknown = http.get("/hosts/fresh/api/4/nosuchplugin");
            assertEquals(400, unknown.status());
            assertTrue(unknown.json().get("detail").asText().contains("'cpu'"), unknown.body());
        }
    }
}
