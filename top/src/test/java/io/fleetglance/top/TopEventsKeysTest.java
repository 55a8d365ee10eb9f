package io.fleetglance.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.collect.MemCollector;
import io.fleetglance.agent.collect.ProcessCollector;
import io.fleetglance.agent.collect.SystemCollector;
import io.fleetglance.agent.collect.UptimeCollector;
import io.fleetglance.common.config.GlancesConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Glances' {@code w} and {@code x} keys: they clear a host's finished events through the hub's API. The host's memory
 * is read from a {@code /proc/meminfo} the test writes, so that its MEM events open and end when the test says;
 * the rest (system, uptime, processes) is this machine's, and no other gauge can raise an event.
 */
class TopEventsKeysTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HOST = "events-1";
    private static final String ALERT = "/hosts/" + HOST + "/api/4/alert";
    private static final long TOTAL_KB = 8_000_000;

    @TempDir
    Path dir;
    private TestFleet fleet;

    @BeforeEach
    void startFleet() throws Exception {
        assumeTrue(Tmux.available(), "tmux is needed (apt-get install tmux)");
        // Glances' mem thresholds (50/70/90 %), and every event kept however short, re-opened never
        Path conf = dir.resolve("glances.conf");
        Files.writeString(conf, String.join("\n", "[mem]", "careful=50", "warning=70", "critical=90", "",
                "[alert]", "min_duration=0", "min_interval=0", ""), StandardCharsets.UTF_8);
        GlancesConfig config = GlancesConfig.load(conf).validate();
        Files.createDirectories(dir.resolve("root/proc"));
        memUsed(10);
        fleet = TestFleet.start(s -> s.withConfig(config), Duration.ofMillis(500));
        HostRoot fixture = new HostRoot(dir.resolve("root"));
        HostRoot system = HostRoot.system();
        ProcessCollector processes = new ProcessCollector(system);
        List<Collector> collectors = List.of(new MemCollector(fixture), new UptimeCollector(system),
                new SystemCollector(system), processes);
        fleet.addAgent(HOST, collectors, processes);
        assertTrue(fleet.awaitSamples(HOST, 3), "the agent sends its first samples");
        assertEquals(0, fleet.get(ALERT).size(), fleet.get(ALERT).toString());
    }

    @AfterEach
    void stopFleet() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void wClearsFinishedWarningsAndXEveryFinishedEvent() throws Exception {
        // a WARNING that ends, then a CRITICAL that ends: two finished MEM events, newest first
        memUsed(80);
        awaitAlert(a -> a.size() == 1 && ongoing(a.get(0)) && "WARNING".equals(a.get(0).path("state").asText()));
        memUsed(10);
        awaitAlert(a -> a.size() == 1 && !ongoing(a.get(0)));
        memUsed(95);
        awaitAlert(a -> a.size() == 2 && ongoing(a.get(0)) && "CRITICAL".equals(a.get(0).path("state").asText()));
        memUsed(10);
        JsonNode alert = awaitAlert(a -> a.size() == 2 && !ongoing(a.get(0)) && !ongoing(a.get(1)));
        assertEquals(List.of("CRITICAL", "WARNING"), states(alert), alert.toString());

        try (Tmux t = Tmux.shell(120, 40)) {
            t.run(TestFleet.top(HOST, "--hub", fleet.url()));
            String s = t.awaitScreen(WAIT, x -> x.contains("CRITICAL on MEM") && x.contains("WARNING on MEM"));
            t.save("events-before-clear");
            assertTrue(s.contains("Warning or critical alerts (last 2 entries)"), s);

            t.keys("w");
            alert = awaitAlert(a -> a.size() == 1);
            assertEquals(List.of("CRITICAL"), states(alert), "w keeps the CRITICAL event: " + alert);
            s = t.awaitScreen(WAIT, x -> !x.contains("WARNING on MEM"));
            t.save("events-after-w");
            assertFalse(s.contains("WARNING on MEM"), s);
            assertTrue(s.contains("CRITICAL on MEM") && s.contains("(last 1 entry)"), s);

            t.keys("x");
            alert = awaitAlert(a -> a.size() == 0);
            assertEquals(0, alert.size(), alert.toString());
            s = t.awaitScreen(WAIT, x -> x.contains("No warning or critical alert detected"));
            t.save("events-after-x");
            assertFalse(s.contains("on MEM"), s);
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        }
    }

    @Test
    void xLeavesAnOngoingEvent() throws Exception {
        // a CRITICAL that ends, then a WARNING still going on
        memUsed(95);
        awaitAlert(a -> a.size() == 1 && ongoing(a.get(0)));
        memUsed(10);
        awaitAlert(a -> a.size() == 1 && !ongoing(a.get(0)));
        memUsed(80);
        awaitAlert(a -> a.size() == 2 && ongoing(a.get(0)));
        try (Tmux t = Tmux.shell(120, 40)) {
            t.run(TestFleet.top(HOST, "--hub", fleet.url()));
            t.awaitScreen(WAIT, x -> x.contains("(ongoing) - WARNING on MEM") && x.contains("CRITICAL on MEM"));
            t.keys("x");
            JsonNode alert = awaitAlert(a -> a.size() == 1);
            assertEquals(List.of("WARNING"), states(alert), alert.toString());
            assertTrue(ongoing(alert.get(0)), "as on Glances, only finished events are cleared: " + alert);
            String s = t.awaitScreen(WAIT, x -> !x.contains("CRITICAL on MEM"));
            t.save("events-ongoing-after-x");
            assertTrue(s.contains("(ongoing) - WARNING on MEM") && s.contains("(last 1 entry)"), s);
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        } finally {
            memUsed(10);
        }
    }

    /** Writes a meminfo whose used share is {@code percent}, in one rename so the agent never reads half a file. */
    private void memUsed(int percent) throws IOException {
        long available = TOTAL_KB * (100 - percent) / 100;
        Path tmp = dir.resolve("root/proc/meminfo.new");
        Files.writeString(tmp, "MemTotal:       " + TOTAL_KB + " kB\nMemFree:        " + available
                + " kB\nMemAvailable:   " + available + " kB\nBuffers:               0 kB\nCached:                0 kB\n",
                StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve("root/proc/meminfo"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private JsonNode awaitAlert(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode alert = fleet.get(ALERT);
        while (!condition.test(alert) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            alert = fleet.get(ALERT);
        }
        assertTrue(condition.test(alert), "the events did not reach the expected state: " + alert);
        return alert;
    }

    private static boolean ongoing(JsonNode event) {
        return event.path("end").asDouble() < 0;
    }

    private static List<String> states(JsonNode alert) {
        List<String> out = new ArrayList<>();
        alert.forEach(e -> out.add(e.path("state").asText()));
        return out;
    }
}
