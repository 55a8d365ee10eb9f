package io.fleetglance.hub.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.TestGlancesServer;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.hub.fleet.Liveness;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The static servers are polled in the background the way Glances' browser polls REST servers. */
class StaticServersTest {

    private static final List<ServerColumn> COLUMNS = ServerColumn.parse(ServerColumn.DEFAULT_COLUMNS);

    private static StaticServers poller(List<StaticServer> servers, List<ServerColumn> columns,
            ServerPasswords passwords) {
        return new StaticServers(servers, columns, passwords, Duration.ofMillis(100), Clock.systemUTC());
    }

    private static StaticServer at(String name, int port) {
        return new StaticServer(name, Integer.toString(port), null, "127.0.0.1");
    }

    private static StaticServers.Poll awaitStatus(StaticServers servers, int index, Liveness status)
            throws InterruptedException {
        assertTrue(TestHttp.await(Duration.ofSeconds(10),
                () -> servers.entries().get(index).poll().status() == status), "server " + index + " is " + status);
        return servers.entries().get(index).poll();
    }

    private static int statusPolls(TestGlancesServer server) {
        return (int) server.requests().stream().filter(r -> r.rawPath().endsWith("/status")).count();
    }

    @Test
    void pollsStatusThenEachColumnAndItsViews() throws Exception {
        try (TestGlancesServer glances = TestGlancesServer.likeGlances();
                StaticServers servers = poller(List.of(at("127.0.0.1", glances.port())), COLUMNS,
                        ServerPasswords.none()).start()) {
            StaticServers.Poll poll = awaitStatus(servers, 0, Liveness.ONLINE);
            assertEquals(12.5, poll.values().get("cpu_total").asDouble());
            assertEquals("OK_LOG", poll.decorations().get("cpu_total"));
            assertEquals(40.0, poll.values().get("mem_percent").asDouble());
            assertEquals("CAREFUL", poll.decorations().get("mem_percent"));
            assertEquals("Debian GNU/Linux 12 64bit / Linux 6.1.0", poll.values().get("system_hr_name").asText());
            assertEquals(0.4755859375, poll.values().get("load_min5").asDouble());
            assertNull(poll.decorations().get("load_min5"), "no views answer, no decoration");
            assertTrue(poll.lastSeenMillis() > 0);
            List<String> paths = glances.requests().stream().map(TestGlancesServer.Request::rawPath).toList();
            assertEquals(List.of("/api/4/status", "/api/4/system/hr_name", "/api/4/system/hr_name/views",
                    "/api/4/load/min5", "/api/4/load/min5/views", "/api/4/cpu/total", "/api/4/cpu/total/views",
                    "/api/4/mem/percent", "/api/4/mem/percent/views"), paths.subList(0, 9));
            // polled again on the period, keeping recent values for sparklines
            assertTrue(TestHttp.await(Duration.ofSeconds(10),
                    () -> servers.entries().get(0).poll().recent().getOrDefault("cpu_total", List.of()).size() >= 3));
            assertEquals(12.5, servers.entries().get(0).poll().recent().get("cpu_total").get(0));
        }
    }

    @Test
    void aClosedPortIsOfflineWithNoValues() throws Exception {
        try (StaticServers servers = poller(List.of(at("127.0.0.1", TestGlancesServer.closedPort())), COLUMNS,
                ServerPasswords.none()).start()) {
            StaticServers.Poll poll = awaitStatus(servers, 0, Liveness.OFFLINE);
            assertEquals(Map.of(), poll.values());
            assertEquals(Map.of(), poll.decorations());
            assertEquals(0, poll.lastSeenMillis());
        }
    }

    @Test
    void anyHttpAnswerIsOnlineEvenAnError() throws Exception {
        try (TestGlancesServer glances = TestGlancesServer.likeGlances()) {
            glances.forceStatus(401);
            try (StaticServers servers = poller(List.of(at("127.0.0.1", glances.port())), COLUMNS,
                    ServerPasswords.none()).start()) {
                StaticServers.Poll poll = awaitStatus(servers, 0, Liveness.ONLINE);
                assertEquals(Map.of(), poll.values(), "an error answer carries no value");
            }
        }
    }

    @Test
    void answersFromMemoryWhileAPollIsInFlight() throws Exception {
        try (TestGlancesServer glances = TestGlancesServer.likeGlances();
                TestGlancesServer clock = TestGlancesServer.likeGlances()) {
            glances.hold();
            try (StaticServers servers = poller(List.of(at("127.0.0.1", glances.port()),
                    at("127.0.0.1", clock.port())), COLUMNS, ServerPasswords.none()).start()) {
                assertTrue(TestHttp.await(Duration.ofSeconds(5), () -> !glances.requests().isEmpty()));
                // The second server answers at once: its polls count the periods that pass meanwhile.
                int before = statusPolls(clock);
                assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> statusPolls(clock) >= before + 3),
                        "three more periods passed");
                assertEquals(Liveness.UNKNOWN, servers.entries().get(0).poll().status(),
                        "the first answer is UNKNOWN while the server has not answered");
                assertEquals(1, glances.requests().size(), "one poll in flight per server, not one per period");
                glances.release();
                assertEquals(12.5, awaitStatus(servers, 0, Liveness.ONLINE).values().get("cpu_total").asDouble());
            }
        }
    }

    @Test
    void keyedColumnsAreAskedWithTheirKeyEncoded() throws Exception {
        try (TestGlancesServer glances = TestGlancesServer.likeGlances()) {
            glances.answer("/api/4/sensors/value/Core 0", "{\"value\": 52}");
            glances.answer("/api/4/sensors/value/Core 0/views", TestGlancesServer.view("WARNING_LOG"));
            try (StaticServers servers = poller(List.of(at("127.0.0.1", glances.port())),
                    ServerColumn.parse("sensors:value:Core 0"), ServerPasswords.none()).start()) {
                StaticServers.Poll poll = awaitStatus(servers, 0, Liveness.ONLINE);
                assertEquals(52, poll.values().get("sensors_value_Core 0").asInt());
                assertEquals("WARNING_LOG", poll.decorations().get("sensors_value_Core 0"));
                assertTrue(glances.requests().stream().anyMatch(r -> r.rawPath().equals("/api/4/sensors/value/Core%200")));
            }
        }
    }

    @Test
    void aPasswordGoesOnlyToTheServerItIsConfiguredFor() throws Exception {
        GlancesConfig config = GlancesConfig.parse("test.conf", List.of("[passwords]", "localhost=s3cr3t"));
        try (TestGlancesServer withPassword = TestGlancesServer.likeGlances();
                TestGlancesServer without = TestGlancesServer.likeGlances();
                StaticServers servers = poller(List.of(at("localhost", withPassword.port()),
                        at("127.0.0.1", without.port())), COLUMNS, ServerPasswords.of(config)).start()) {
            awaitStatus(servers, 0, Liveness.ONLINE);
            awaitStatus(servers, 1, Liveness.ONLINE);
            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    "glances:s3cr3t".getBytes(StandardCharsets.UTF_8));
            assertTrue(withPassword.requests().stream().allMatch(r -> basic.equals(r.authorization())));
            assertTrue(without.requests().stream().allMatch(r -> r.authorization() == null),
                    "no credential to a server without a password");
            assertTrue(!ServerPasswords.of(config).toString().contains("s3cr3t"));
        }
    }

    @Test
    void segmentsArePercentEncoded() {
        assertEquals("Core%200", StaticServers.segment("Core 0"));
        assertEquals("%2F", StaticServers.segment("/"));
        assertEquals("a.b-c_d~", StaticServers.segment("a.b-c_d~"));
        assertEquals("%C3%A9", StaticServers.segment("é"));
    }
}
