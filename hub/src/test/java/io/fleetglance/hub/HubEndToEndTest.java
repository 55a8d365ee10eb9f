package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real hub with real agents over loopback, asked through its real REST API. */
class HubEndToEndTest {

    private static Hub hub;
    private static final List<Agent> agents = new ArrayList<>();
    private static TestHttp http;

    @BeforeAll
    static void startFleet() throws Exception {
        hub = Hub.start(HubSettings.loopback());
        http = new TestHttp(hub.port());
        Duration period = Duration.ofMillis(250);
        agents.add(TestAgents.start(hub, "hub-machine", "id-local-0001", period));
        agents.add(TestAgents.start(hub, "alpha", "id-alpha-0001", period));
        agents.add(TestAgents.start(hub, "beta", "id-beta-00001", period));
        hub.registry().setLocalHostName("hub-machine");
        // three samples each: the third carries real rates
        assertTrue(TestAgents.await(Duration.ofSeconds(20), () -> hub.registry().hosts().size() == 3
                && hub.registry().hosts().stream().allMatch(h -> h.lastSeq() >= 3)), "every agent sent 3 samples");
    }

    @AfterAll
    static void stopFleet() throws Exception {
        agents.forEach(Agent::close);
        hub.close();
    }

    @Test
    void servesEachHostsCpuWithGlancesFields() throws Exception {
        TestHttp.Answer a = http.get("/hosts/alpha/api/4/cpu");
        assertEquals(200, a.status());
        assertEquals("application/json", a.contentType());
        JsonNode cpu = a.json();
        for (String f : List.of("total", "user", "nice", "system", "idle", "iowait", "irq", "steal", "guest",
                "ctx_switches", "interrupts", "soft_interrupts", "syscalls", "cpucore", "time_since_update",
                "ctx_switches_gauge", "ctx_switches_rate_per_sec")) {
            assertTrue(cpu.has(f), "cpu has " + f + ": " + cpu);
        }
        assertTrue(cpu.get("total").isDouble());
        assertTrue(cpu.get("total").asDouble() >= 0 && cpu.get("total").asDouble() <= 100);
        assertEquals(Runtime.getRuntime().availableProcessors(), cpu.get("cpucore").asInt());
        // about one period between the samples (the timer may slip a little on a busy machine)
        double dt = cpu.get("time_since_update").asDouble();
        assertTrue(dt > 0.1 && dt < 5, "time_since_update " + dt);
    }

    @Test
    void agentsStreamGzippedAndTheHubReadsIt() {
        // the stats above and below come from gzipped samples: the hub said it takes gzip, and read them
        for (Agent a : agents) {
            assertTrue(a.gzipped(), a.settings().name() + " streams gzipped");
        }
    }

    @Test
    void servesAnotherHostsMemory() throws Exception {
        TestHttp.Answer a = http.get("/hosts/beta/api/4/mem");
        assertEquals(200, a.status());
        JsonNode mem = a.json();
        for (String f : List.of("total", "available", "percent", "used", "free", "active", "inactive", "buffers",
                "cached", "shared")) {
            assertTrue(mem.has(f), "mem has " + f + ": " + mem);
        }
        long total = mem.get("total").asLong();
        assertTrue(total > 0);
        assertEquals(Math.max(0, total - mem.get("available").asLong()), mem.get("used").asLong());
    }

    @Test
    void rootServesTheHubsOwnMachine() throws Exception {
        TestHttp.Answer status = http.get("/api/4/status");
        assertEquals(200, status.status());
        assertEquals("4.5.6_dev01", status.json().get("version").asText());

        TestHttp.Answer load = http.get("/api/4/load");
        assertEquals(200, load.status());
        assertTrue(load.json().has("min1") && load.json().has("cpucore"));

        TestHttp.Answer plugins = http.get("/api/4/pluginslist");
        List<String> names = new ArrayList<>();
        plugins.json().forEach(n -> names.add(n.asText()));
        assertTrue(names.containsAll(List.of("cpu", "percpu", "core", "load", "mem", "memswap", "system", "uptime",
                "now", "processcount")), names.toString());
        assertFalse(names.contains("irq"), "a plugin Glances disables by default is not listed: " + names);
        assertTrue(names.containsAll(List.of("network", "diskio", "fs", "quicklook", "processlist", "alert")), names
                .toString());
    }

    @Test
    void perHostAndRootAnswerTheSameShape() throws Exception {
        JsonNode root = http.get("/api/4/system").json();
        JsonNode perHost = http.get("/hosts/hub-machine/api/4/system").json();
        assertEquals(root, perHost);
        assertTrue(http.get("/api/4/uptime").json().isTextual());
    }

    @Test
    void unknownHostIs404InGlancesShape() throws Exception {
        TestHttp.Answer a = http.get("/hosts/nosuchhost/api/4/cpu");
        assertEquals(404, a.status());
        assertEquals("Unknown host nosuchhost", a.json().get("detail").asText());
    }

    @Test
    void unknownPluginIs400ListingTheAvailableOnes() throws Exception {
        TestHttp.Answer a = http.get("/hosts/alpha/api/4/cpux");
        assertEquals(400, a.status());
        String detail = a.json().get("detail").asText();
        assertTrue(detail.startsWith("Unknown plugin cpux (available plugins: ['"), detail);
        assertTrue(detail.contains("'cpu', ") || detail.contains("'cpu']"), detail);
    }

    @Test
    void unmatchedRouteIs404NotFound() throws Exception {
        TestHttp.Answer a = http.get("/api/3/cpu");
        assertEquals(404, a.status());
        assertEquals("Not Found", a.json().get("detail").asText());
    }
}
