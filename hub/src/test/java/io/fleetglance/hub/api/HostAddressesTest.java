package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A host's API at the root, for clients that cannot take a path: the calls Home Assistant's {@code glances-api}
 * makes ({@code GET http://HOST:PORT/api/4/<endpoint>}) sent by a real HTTP client to a host's virtual-host name and
 * to its own port, answered as {@code /hosts/{name}/api/4/...} answers them.
 */
class HostAddressesTest {

    /** What glances-api asks: the plugin list, everything at once, and single plugins. */
    private static final List<String> GLANCES_API_CALLS = List.of("status", "pluginslist", "all", "cpu", "mem",
            "fs", "network", "sensors", "containers", "processcount", "uptime", "load");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private record Answer(int status, JsonNode json) {
    }

    private static Answer get(HttpClient client, String url) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), MAPPER.readTree(r.body()));
    }

    @Test
    void glancesApiCallsReachTheHostByNameAndByItsOwnPort() throws Exception {
        int ownPort = freePort();
        GlancesConfig config = GlancesConfig.parse("hub.conf", List.of("[fleet]", "host_domain=fleet.test",
                "host_ports=web-1:" + ownPort));
        try (Hub hub = Hub.start(HubSettings.loopback().withConfig(config))) {
            Agent web1 = TestHttp.startAgent(hub, "web-1", Duration.ofSeconds(300));
            Agent db1 = TestHttp.startAgent(hub, "db-1", Duration.ofSeconds(300));
            try {
                // One sample each, then none for 5 min: every answer below comes from that same sample.
                assertTrue(TestHttp.await(Duration.ofSeconds(20), () -> List.of("web-1", "db-1").stream().allMatch(
                        n -> hub.registry().find(n).map(h -> h.lastSeq()).orElse(0L) >= 1)));
                HttpClient direct = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
                // Wildcard DNS stands for *.fleet.test: the client sends its requests through the hub's address,
                // naming the virtual host (Host: web-1.fleet.test), as it would to a resolved name.
                HttpClient byName = HttpClient.newBuilder().proxy(ProxySelector.of(
                        new InetSocketAddress("127.0.0.1", hub.port()))).build();
                String path = "http://127.0.0.1:" + hub.port();
                for (String call : GLANCES_API_CALLS) {
                    for (String host : List.of("web-1", "db-1")) {
                        Answer expected = get(direct, path + "/hosts/" + host + "/api/4/" + call);
                        Answer named = get(byName, "http://" + host + ".fleet.test/api/4/" + call);
                        assertEquals(expected.status(), named.status(), host + " " + call);
                        assertEquals(expected.json(), named.json(), host + " " + call);
                    }
                    Answer expected = get(direct, path + "/hosts/web-1/api/4/" + call);
                    Answer own = get(direct, "http://127.0.0.1:" + ownPort + "/api/4/" + call);
                    assertEquals(expected.status(), own.status(), "port " + call);
                    assertEquals(expected.json(), own.json(), "port " + call);
                }
                assertTrue(get(direct, "http://127.0.0.1:" + ownPort + "/api/4/system").json().path("hostname")
                        .isTextual(), "web-1's own system plugin");
                // The hub's own routes stay where they were, on its own port and name.
                assertEquals(200, get(direct, path + "/api/4/serverslist").status());
                Answer unknown = get(byName, "http://nosuch.fleet.test/api/4/cpu");
                assertEquals(404, unknown.status());
                assertEquals("Unknown host nosuch", unknown.json().get("detail").asText());
            } finally {
                web1.close();
                db1.close();
            }
        }
    }

    @Test
    void aHostPortInUseNamesTheHostAndTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            GlancesConfig config = GlancesConfig.parse("hub.conf", List.of("[fleet]",
                    "host_ports=web-1:" + taken.getLocalPort()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Hub.start(HubSettings.loopback().withConfig(config)).close());
            assertEquals("[fleet] host_ports: port " + taken.getLocalPort() + " (host web-1) on 127.0.0.1 is already "
                    + "in use: stop what listens there, or give the host another port", e.getMessage());
        }
    }

    @Test
    void readsTheDomainAndPortsAndRefusesMalformedOnes() {
        HostAddresses a = HostAddresses.from(GlancesConfig.parse("f.conf", List.of("[fleet]",
                "host_domain=.Fleet.Example.org", "host_ports=web-1:61301, db-1:61302")));
        assertEquals("fleet.example.org", a.hostDomain());
        assertEquals(Map.of(61301, "web-1", 61302, "db-1"), a.ports());
        assertEquals(Optional.of("web-1"), a.hostOf("WEB-1.fleet.example.org"));
        assertEquals(Optional.empty(), a.hostOf("fleet.example.org"));
        assertEquals(Optional.empty(), a.hostOf("web-1.other.org"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> HostAddresses.from(
                GlancesConfig.parse("f.conf", List.of("[fleet]", "host_ports=web-1"))));
        assertTrue(bad.getMessage().contains("f.conf: [fleet] host_ports entry 'web-1' is not NAME:PORT"),
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostAddresses.from(GlancesConfig.parse("f.conf",
                List.of("[fleet]", "host_ports=a:1,b:1"))));
    }
}
