package io.fleetglance.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code top} through what goes wrong and how it ends: an agent that stops, a hub that dies and comes back, Ctrl-C,
 * a resized or small terminal, monochrome and ASCII, and {@code --once}. Each test has its own hub.
 */
class TopLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private TestFleet fleet;

    @BeforeEach
    void startFleet() throws Exception {
        assumeTrue(Tmux.available(), "tmux is needed (apt-get install tmux)");
        fleet = TestFleet.start(Duration.ofMillis(500), "web-1", "db-1");
    }

    @AfterEach
    void stopFleet() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aStoppedAgentTurnsOfflineOnItsScreenAndInTheBrowser() throws Exception {
        try (Tmux t = Tmux.shell(120, 40)) {
            t.run(TestFleet.top("db-1", "--hub", fleet.url(), "--refresh", "0.5"));
            t.awaitScreen(WAIT, x -> x.contains("TASKS"));
            fleet.stopAgent("db-1");
            String s = t.awaitScreen(WAIT, x -> x.contains("is OFFLINE"));
            t.save("host-offline");
            assertTrue(s.contains("Host db-1 is OFFLINE"), s);
            assertTrue(s.contains("TASKS"), "the last stats stay on screen:\n" + s);
            assertEquals("OFFLINE", status(fleet.get("/api/4/serverslist"), "db-1"), "the API agrees");

            t.keys("b");
            s = t.awaitScreen(WAIT, x -> x.contains("hosts in the fleet"));
            t.save("browser-offline");
            assertTrue(s.matches("(?s).*db-1\\s+127\\.0\\.0\\.1\\s+OFFLINE.*"), s);
            assertTrue(s.matches("(?s).*web-1\\s+127\\.0\\.0\\.1\\s+ONLINE.*"), s);
            assertTrue(s.contains("(1 ONLINE, 1 not)"), s);
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        }
    }

    @Test
    void aHubThatStopsAnsweringShowsABannerUntilItIsBack() throws Exception {
        try (Tmux t = Tmux.shell(120, 40)) {
            t.run(TestFleet.top("web-1", "--hub", fleet.url(), "--refresh", "0.5"));
            t.awaitScreen(WAIT, x -> x.contains("TASKS"));
            int port = fleet.port();
            int ingest = fleet.ingestPort();
            fleet.stopHub();
            String s = t.awaitScreen(WAIT, x -> x.contains("NOT ANSWERING"));
            t.save("hub-down");
            assertTrue(s.lines().findFirst().orElse("").contains("NOT ANSWERING since"), s);
            assertTrue(s.contains("does not answer") && s.contains("retrying every"), s);
            assertTrue(s.contains("TASKS"), "the last stats stay under the banner:\n" + s);

            fleet.restartHub(port, ingest);
            s = t.awaitScreen(WAIT, x -> !x.contains("NOT ANSWERING") && x.contains("TASKS")
                    && !x.contains("OFFLINE"));
            t.save("hub-back");
            assertFalse(s.contains("NOT ANSWERING"), s);
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        }
    }

    @Test
    void qAndCtrlCGiveTheTerminalBack() throws Exception {
        try (Tmux t = Tmux.shell(100, 30)) {
            for (String leave : List.of("q", "C-c")) {
                t.run(TestFleet.top("web-1", "--hub", fleet.url()));
                t.awaitScreen(WAIT, x -> x.contains("TASKS"));
                assertTrue(t.alternateScreen());
                t.keys(leave);
                assertTrue(t.await(WAIT, () -> !t.alternateScreen()), leave + " leaves the alternate screen");
                // echo and line editing are back: the shell reads and echoes a typed line
                t.run(List.of("echo", "restored-after-" + leave));
                String s = t.awaitScreen(WAIT, x -> x.contains("\nrestored-after-" + leave));
                assertTrue(s.contains("PROMPT$ 'echo' 'restored-after-" + leave + "'"), s);
                t.save("restored-after-" + leave.replace("-", ""));
            }
        }
    }

    @Test
    void fitsA80x24TerminalAndFollowsResizes() throws Exception {
        try (Tmux t = Tmux.shell(80, 24)) {
            t.run(TestFleet.top("web-1", "--hub", fleet.url()));
            String s = t.awaitScreen(WAIT, x -> x.contains("TASKS") && x.contains("Command"));
            t.save("host-80x24");
            List<String> lines = s.lines().toList();
            assertTrue(lines.size() <= 24, s);
            for (String l : lines) {
                assertTrue(l.length() <= 80, l);
            }
            for (String title : List.of("CPU", "MEM", "LOAD", "NETWORK", "CPU%", "PID")) {
                assertTrue(s.contains(title), title + "\n" + s);
            }
            assertFalse(s.contains("VIRT"), "the optional process columns are dropped first:\n" + s);

            t.resize(150, 45);
            s = t.awaitScreen(WAIT, x -> x.contains("VIRT") && x.contains("CPU  ["));
            t.save("host-150x45");
            assertTrue(s.contains("VIRT") && s.contains("TIME+") && s.contains("R/s"), s);
            assertTrue(s.contains("CPU  [") && s.contains("MEM  ["), "the quicklook comes back:\n" + s);

            t.keys("h");
            s = t.awaitScreen(WAIT, x -> x.contains("Sort by MEM%"));
            t.save("help");
            t.keys("Escape");
            t.awaitScreen(WAIT, x -> x.contains("TASKS"));
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        }
    }

    @Test
    void coloursFollowDecorationsAndTurnOffForMonochromeAndAscii() throws Exception {
        try (Tmux t = Tmux.shell(150, 40)) {
            t.run(TestFleet.top("web-1", "--hub", fleet.url()));
            t.awaitScreen(WAIT, x -> x.contains("TASKS") && x.contains("■"));
            String styled = t.styledScreen();
            assertTrue(styled.matches("(?s).*\u001b\\[[0-9;]*(3[0-7]|38;5;\\d+)[;m].*"), "colours are drawn");
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));

            t.run(TestFleet.top("web-1", "--hub", fleet.url(), "--no-color", "--ascii"));
            String s = t.awaitScreen(WAIT, x -> x.contains("TASKS") && x.contains("CPU  ["));
            t.save("host-mono-ascii");
            styled = t.styledScreen();
            assertFalse(styled.matches("(?s).*\u001b\\[[0-9;]*(3[0-7]|38;5;\\d+|4[0-7]|48;5;\\d+)[;m].*"),
                    "no colour in monochrome");
            assertFalse(s.chars().anyMatch(c -> c > 126), "ASCII only:\n" + s);
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        }
    }

    @Test
    void oncePrintsOneSnapshotAsTextOrJson() throws Exception {
        String text = runOnce("web-1", "--hub", fleet.url(), "--once");
        assertTrue(text.contains("[web-1]") && text.contains("TASKS") && text.contains("CPU%"), text);
        JsonNode json = new ObjectMapper().readTree(runOnce("web-1", "--hub", fleet.url(), "--once", "--json"));
        assertEquals("web-1", json.path("host").asText());
        assertEquals("ONLINE", json.path("status").asText());
        assertTrue(json.path("stats").path("cpu").has("total"), json.toString());
        JsonNode list = new ObjectMapper().readTree(runOnce("--hub", fleet.url(), "--once", "--json"));
        assertEquals(2, list.size(), list.toString());
        String browser = runOnce("--hub", fleet.url(), "--once");
        assertTrue(browser.contains("2 hosts in the fleet") && browser.contains("db-1"), browser);
    }

    private static String runOnce(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(TestFleet.top(args));
        Path err = Files.createTempFile("top-once", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out + Files.readString(err));
        Files.delete(err);
        return out;
    }

    private static String status(JsonNode servers, String name) {
        for (JsonNode s : servers) {
            if (name.equals(s.path("name").asText())) {
                return s.path("status").asText();
            }
        }
        return null;
    }
}
