package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the hub prints once it serves: its URLs, and a warning only for an open API on the network. */
class StartBannerTest {

    @Test
    void printsTheFleetPageApiAndIngestAddresses() {
        List<String> lines = new StartBanner("127.0.0.1", 61208, 61209, "", false, false).lines();
        assertEquals(List.of("Fleet page:  http://127.0.0.1:61208/",
                "Glances API: http://127.0.0.1:61208/api/4 (this machine), http://127.0.0.1:61208/hosts/{name}/api/4 "
                        + "(any host)",
                "API docs:    http://127.0.0.1:61208/docs",
                "Agents:      --hub 127.0.0.1:61209"), lines, "no warning on loopback");
        assertTrue(new StartBanner("::1", 8080, 9090, "/glances", false, false).lines().get(0)
                .equals("Fleet page:  http://[::1]:8080/glances/"));
        assertEquals("Fleet page:  https://127.0.0.1:61208/",
                new StartBanner("127.0.0.1", 61208, 61209, "", false, true).lines().get(0), "an API served over HTTPS");
    }

    @Test
    void warnsWhenTheApiIsOpenToTheNetworkWithoutAPassword() {
        List<String> open = new StartBanner("0.0.0.0", 61208, 61209, "", false, false).lines();
        String warning = open.get(open.size() - 1);
        assertTrue(warning.startsWith("WARNING: the API listens on 0.0.0.0 without a password"), warning);
        assertTrue(warning.contains("--password") && warning.contains("--bind 127.0.0.1"), warning);
        assertTrue(new StartBanner("0.0.0.0", 61208, 61209, "", true, false).lines().stream()
                .noneMatch(l -> l.startsWith("WARNING")), "a password makes it safe");
    }
}
