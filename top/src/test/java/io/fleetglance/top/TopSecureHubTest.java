package io.fleetglance.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.hub.auth.Authentication;
import io.fleetglance.hub.auth.GlancesPassword;
import io.fleetglance.hub.auth.JwtTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code top} against a hub that serves its API over HTTPS with its generated CA, and against one that asks for a
 * password: what the screen shows with the right CA or password, and the plain message it gives without them.
 */
class TopSecureHubTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "s3cret-for-top";
    private TestFleet fleet;

    @BeforeEach
    void needTmux() {
        assumeTrue(Tmux.available(), "tmux is needed (apt-get install tmux)");
    }

    @AfterEach
    void stopFleet() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void anHttpsHubIsShownWithItsCaAndRefusedWithoutIt() throws Exception {
        fleet = TestFleet.start(s -> s.withHttps(true), Duration.ofMillis(500), "tls-1");
        assertTrue(fleet.url().startsWith("https://"), fleet.url());
        Path ca = TestFleet.writeCa(Files.createTempFile("hub-ca", ".pem"));
        try (Tmux t = Tmux.shell(120, 40)) {
            t.run(TestFleet.top("tls-1", "--hub", fleet.url(), "--cacert", ca.toString()));
            String s = t.awaitScreen(WAIT, x -> x.contains("TASKS") && x.contains("NETWORK"));
            t.save("https-host");
            assertHostValues(s, "tls-1");
            assertFalse(s.contains("NOT ANSWERING"), s);
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));

            // without the hub's CA the system's CAs do not know its certificate: a banner, never a crash
            t.run(TestFleet.top("tls-1", "--hub", fleet.url()));
            s = t.awaitScreen(WAIT, x -> x.contains("NOT ANSWERING"));
            t.save("https-untrusted");
            String banner = s.lines().filter(l -> l.contains("NOT ANSWERING")).findFirst().orElse("");
            assertTrue(banner.contains("certificate") && banner.contains("--cacert"), s);
            assertFalse(s.contains("Exception") || s.contains("\tat "), s);
            assertTrue(t.alternateScreen(), "top keeps running and retrying");
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        } finally {
            Files.deleteIfExists(ca);
        }
    }

    @Test
    void aHubWithAPasswordTakesItFromTheEnvironmentAndRefusesAWrongOne() throws Exception {
        Authentication auth = new Authentication("glances", GlancesPassword.of(PASSWORD),
                new JwtTokens(null, 60, Clock.systemUTC()));
        fleet = TestFleet.start(s -> s.withAuth(auth), Duration.ofMillis(500), "locked-1");
        fleet.login("glances", PASSWORD);
        try (Tmux t = Tmux.shell(120, 40, Map.of("FLEETGLANCE_PASSWORD", PASSWORD))) {
            t.run(TestFleet.top("locked-1", "--hub", fleet.url()));
            String s = t.awaitScreen(WAIT, x -> x.contains("TASKS") && x.contains("NETWORK"));
            t.save("password-host");
            assertHostValues(s, "locked-1");
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        }
        try (Tmux t = Tmux.shell(120, 40, Map.of("FLEETGLANCE_PASSWORD", "not-the-password"))) {
            t.run(TestFleet.top("locked-1", "--hub", fleet.url()));
            String s = t.awaitScreen(WAIT, x -> x.contains("refused") && x.trim().endsWith("PROMPT$"));
            t.save("password-wrong");
            assertTrue(s.contains("fleetglance top: the hub " + fleet.url() + "/ refused user 'glances' and this "
                    + "password"), s);
            assertFalse(s.contains("Exception") || s.contains("\tat ") || s.contains("not-the-password"), s);
            assertFalse(t.alternateScreen(), "top ends before drawing");
        }
        try (Tmux t = Tmux.shell(120, 40)) {
            // no FLEETGLANCE_PASSWORD: asked for on the terminal, without echo
            t.run(TestFleet.top("locked-1", "--hub", fleet.url()));
            String s = t.awaitScreen(WAIT, x -> x.contains("Password for glances on " + fleet.url() + "/: "));
            t.literal(PASSWORD);
            t.keys("Enter");
            s = t.awaitScreen(WAIT, x -> x.contains("TASKS") && x.contains("NETWORK"));
            t.save("password-typed");
            assertHostValues(s, "locked-1");
            t.keys("q");
            s = t.awaitScreen(WAIT, x -> x.trim().endsWith("PROMPT$"));
            assertFalse(s.contains(PASSWORD), "the typed password is not echoed:\n" + s);
        }
    }

    /** The host screen's title and memory total are those the API serves. */
    private void assertHostValues(String s, String host) throws Exception {
        JsonNode system = fleet.get("/hosts/" + host + "/api/4/system");
        JsonNode mem = fleet.get("/hosts/" + host + "/api/4/mem");
        JsonNode load = fleet.get("/hosts/" + host + "/api/4/load");
        String first = s.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        assertTrue(first.startsWith(system.path("hostname").asText() + " [" + host + "]"), first + "\n" + s);
        assertTrue(s.contains("total:") && s.contains(Units.auto(mem.path("total"), false)),
                "mem total " + Units.auto(mem.path("total"), false) + ":\n" + s);
        assertTrue(s.contains(load.path("cpucore").asInt() + "-core"), s);
        assertEquals("ONLINE", fleet.get("/api/4/serverslist").get(0).path("status").asText());
    }
}
