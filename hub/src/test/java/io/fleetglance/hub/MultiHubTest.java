package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.agent.HubAddress;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.hub.store.PostgresCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three hub processes sharing one real PostgreSQL, four agents that know all three: each host streams through one hub
 * at a time, every hub lists and serves every host, and when the hub that streams a host is killed with SIGKILL the
 * agent moves to another and the host's history goes on with every seq exactly once.
 */
class MultiHubTest {

    private static final String TOKEN = "multi-hub-enrollment-token";

    @TempDir
    Path dir;

    private record HubProcess(Process process, int port, int ingestPort, Path log) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    @Test
    void aHostMovesWhenItsHubDiesAndEveryHubServesTheWholeFleet() throws Exception {
        List<HubProcess> hubs = new ArrayList<>();
        List<Agent> agents = new ArrayList<>();
        try (PostgresCluster pg = PostgresCluster.start()) {
            for (int i = 0; i < 3; i++) {
                hubs.add(startHub(pg, "hub" + i));
            }
            List<String> names = List.of("a0", "a1", "a2", "a3");
            for (int i = 0; i < names.size(); i++) {
                // each agent lists the hubs starting from another one, as agents of a real fleet would be spread
                List<HubAddress> order = new ArrayList<>();
                for (int k = 0; k < hubs.size(); k++) {
                    order.add(new HubAddress("127.0.0.1", hubs.get((i + k) % hubs.size()).ingestPort()));
                }
                agents.add(startAgent(order, names.get(i)));
            }
            assertTrue(TestAgents.await(Duration.ofSeconds(90), () -> agents.stream()
                    .allMatch(a -> a.outbox().ackedSeq() >= 3)), "every agent streams: " + logs(hubs));

            // every hub lists every host once, ONLINE, whichever hub streams it
            for (HubProcess h : hubs) {
                TestHttp http = new TestHttp(h.port());
                assertTrue(TestAgents.await(Duration.ofSeconds(20), () -> names.stream()
                        .allMatch(n -> "ONLINE".equals(status(http, n)))), h.url() + " lists the whole fleet: "
                        + body(http, "/api/4/serverslist"));
                List<String> listed = new ArrayList<>();
                for (JsonNode e : http.get("/api/4/serverslist").json()) {
                    listed.add(e.get("name").asText());
                }
                assertEquals(names.size(), new HashSet<>(listed).size(), "each host once: " + listed);
                assertEquals(names.size(), listed.size(), "each host once: " + listed);
                String metrics = http.get("/metrics").body();
                for (String n : names) {
                    assertTrue(metrics.contains("glances_cpu_total{host=\"" + n + "\""),
                            h.url() + "/metrics has " + n);
                    TestHttp.Answer cpu = http.get("/hosts/" + n + "/api/4/cpu");
                    assertEquals(200, cpu.status(), h.url() + " serves " + n + ": " + cpu.body());
                    assertTrue(cpu.json().get("total").isNumber(), cpu.body());
                    // the live answer comes from the hub that streams the host, through whichever hub was asked
                    String streamer = leaseOf(pg, n);
                    java.net.http.HttpResponse<byte[]> raw = http.raw("GET", "/hosts/" + n + "/api/4/mem");
                    assertEquals(200, raw.statusCode());
                    assertEquals(h.url().equals(streamer) ? Optional.empty() : Optional.of(streamer),
                            raw.headers().firstValue("X-Fleetglance-Served-By"), h.url() + " asked for " + n);
                }
            }

            // each host has exactly one lease, on the hub its agent streams to
            String owner = leaseOf(pg, "a0");
            assertNotNull(owner);
            // a hub that only follows a0 may not forget it: its agent streams through another hub
            HubProcess follower = hubs.stream().filter(h -> !h.url().equals(owner)).findFirst().orElseThrow();
            TestHttp.Answer forget = new TestHttp(follower.port()).send("DELETE", "/hosts/a0");
            assertEquals(409, forget.status(), forget.body());
            HubProcess victim = hubs.stream().filter(h -> h.url().equals(owner)).findFirst().orElseThrow();
            Agent a0 = agents.get(0);
            victim.process().destroyForcibly().waitFor();
            long killedAt = System.nanoTime();
            long atKill = a0.sampler().nextSeq() - 1;
            assertTrue(TestAgents.await(Duration.ofSeconds(60), () -> a0.outbox().ackedSeq() >= atKill + 2),
                    "a0 streams again through another hub: " + logs(hubs));
            long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
            String newOwner = leaseOf(pg, "a0");
            assertNotEquals(owner, newOwner);
            System.out.println("MULTIHUB failover: a0 acknowledged again " + failoverMs + " ms after its hub died");

            List<HubProcess> alive = hubs.stream().filter(h -> h != victim).toList();
            long stopAt = a0.sampler().nextSeq() + 1;
            assertTrue(TestAgents.await(Duration.ofSeconds(30), () -> a0.outbox().ackedSeq() >= stopAt));
            a0.close();
            for (HubProcess h : alive) {
                TestHttp http = new TestHttp(h.port());
                // the host's agent is gone: whichever hub is asked answers from the store, itself
                assertTrue(TestAgents.await(Duration.ofSeconds(30), () -> leaseOrNull(pg, "a0") == null),
                        "the lease goes with the stream");
                assertTrue(TestAgents.await(Duration.ofSeconds(10), () -> servedBy(http, "/hosts/a0/api/4/mem")
                        .isEmpty()));
                // the followers see the last seqs within a second or two
                assertTrue(TestAgents.await(Duration.ofSeconds(20), () -> entry(http, "a0") != null
                        && entry(http, "a0").get("last_seq").asLong() >= stopAt), h.url() + ": "
                        + body(http, "/api/4/serverslist"));
                JsonNode entry = entry(http, "a0");
                long lastSeq = entry.get("last_seq").asLong();
                TestHttp.Answer history = http.get("/hosts/a0/api/4/mem/percent/history");
                assertEquals(200, history.status(), history.body());
                JsonNode points = history.json();
                assertEquals(lastSeq, points.size(), h.url() + ": one point for each seq 1.." + lastSeq + ": "
                        + points);
                for (int i = 1; i < points.size(); i++) {
                    assertTrue(points.get(i - 1).get(0).asText().compareTo(points.get(i).get(0).asText()) < 0,
                            h.url() + ": each sample once, in order: " + points);
                }
                assertEquals(0, entry.get("missed_samples").asLong(), "no seq missed across the move");
            }
            // the store holds every seq once
            try (Connection c = pg.connect("fleetglance"); PreparedStatement p = c.prepareStatement(
                    "SELECT count(*), count(DISTINCT r.time_us), max(c.last_seq) FROM raw r JOIN hosts h"
                            + " ON h.id = r.host_id JOIN host_counters c ON c.host_id = h.id WHERE h.name = 'a0'")) {
                try (ResultSet r = p.executeQuery()) {
                    assertTrue(r.next());
                    assertEquals(r.getLong(3), r.getLong(1), "one raw row per seq");
                    assertEquals(r.getLong(1), r.getLong(2));
                }
            }
        } finally {
            agents.forEach(Agent::close);
            for (HubProcess h : hubs) {
                h.process().destroyForcibly().waitFor();
            }
        }
    }

    private static String leaseOf(PostgresCluster pg, String name) throws Exception {
        try (Connection c = pg.connect("fleetglance");
                PreparedStatement p = c.prepareStatement("SELECT url FROM leases WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static String leaseOrNull(PostgresCluster pg, String name) {
        try {
            return leaseOf(pg, name);
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static Optional<String> servedBy(TestHttp http, String path) {
        try {
            return http.raw("GET", path).headers().firstValue("X-Fleetglance-Served-By");
        } catch (IOException | InterruptedException e) {
            return Optional.of(e.toString());
        }
    }

    private Agent startAgent(List<HubAddress> hubs, String name) {
        AgentSettings settings = AgentSettings.of(hubs.get(0).host(), hubs.get(0).port(), HubTrust.insecure(), name,
                        "id-" + name)
                .withOtherHubs(hubs.subList(1, hubs.size()))
                .withCredential("credential-of-" + name)
                .withPeriod(Duration.ofSeconds(1))
                .withToken(TOKEN)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400));
        CollectorSet collectors = CollectorSet.standard(HostRoot.system());
        Agent agent = new Agent(settings, collectors.all(), collectors.processes());
        agent.start();
        return agent;
    }

    private HubProcess startHub(PostgresCluster pg, String run) throws IOException, InterruptedException {
        int port = freePort();
        int ingestPort = freePort();
        Path log = dir.resolve(run + ".log");
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN);
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.fleetglance.hub.Main", "hub",
                "--bind", "127.0.0.1", "--port", String.valueOf(port), "--ingest-port", String.valueOf(ingestPort),
                "--no-local-agent", "--state-dir", dir.resolve(run).toString(), "--insecure",
                "--token-file", tokenFile.toString(), "--store", pg.url(),
                "--advertise-url", "http://127.0.0.1:" + port);
        b.environment().put("FLEETGLANCE_STORE_PASSWORD", pg.password());
        Process p = b.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TestHttp http = new TestHttp(port);
        boolean up = TestAgents.await(Duration.ofSeconds(60), () -> {
            try {
                return p.isAlive() && http.get("/api/4/status").status() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        assertTrue(up, "the hub serves: " + (Files.exists(log) ? Files.readString(log) : ""));
        return new HubProcess(p, port, ingestPort, log);
    }

    private static String logs(List<HubProcess> hubs) {
        StringBuilder out = new StringBuilder();
        for (HubProcess h : hubs) {
            try {
                out.append("\n--- ").append(h.url()).append('\n').append(Files.readString(h.log()));
            } catch (IOException e) {
                out.append(e);
            }
        }
        return out.toString();
    }

    private static String body(TestHttp http, String path) {
        try {
            return http.get(path).body();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    private static JsonNode entry(TestHttp http, String host) {
        try {
            for (JsonNode e : http.get("/api/4/serverslist").json()) {
                if (host.equals(e.path("name").asText())) {
                    return e;
                }
            }
        } catch (IOException | InterruptedException e) {
            return null;
        }
        return null;
    }

    private static String status(TestHttp http, String host) {
        JsonNode e = entry(http, host);
        return e == null ? "" : e.get("status").asText();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

}
