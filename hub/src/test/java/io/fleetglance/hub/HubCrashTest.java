package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub process killed with SIGKILL mid-stream, restarted on the same state directory and ports: three agents at a
 * 1 s period lose nothing and repeat nothing, history from before the crash is served as before, and a host whose
 * agent left before the crash is still listed (OFFLINE) and served.
 */
class HubCrashTest {

    /** The crash is the point here, not the link: plaintext ingest, with a known enrollment token. */
    private static final String TOKEN = "crash-test-enrollment-token";

    @TempDir
    Path state;

    @Test
    void killNineLosesNoSampleAndRepeatsNone() throws Exception {
        int port = freePort();
        int ingestPort = freePort();
        Process hub = startHub(port, ingestPort, "first");
        TestHttp http = new TestHttp(port);
        List<Agent> agents = new ArrayList<>();
        Process restarted = null;
        try {
            for (String name : List.of("alpha", "beta", "gamma")) {
                agents.add(TestAgents.start(HubSettings.loopback().insecure(), ingestPort, name,
                        "id-" + name + "-crash", Duration.ofSeconds(1), TOKEN));
            }
            Agent gamma = agents.get(2);
            assertTrue(TestAgents.await(Duration.ofSeconds(60), () -> agents.stream()
                    .allMatch(a -> a.outbox().ackedSeq() >= 4)), "the first hub acks 4 samples of each agent");
            // gamma leaves, everything it sent durable; its host must outlive the crash. It stops sampling first:
            // acks come at most every ack_seconds and cover the samples durable by then, so the outbox of an agent
            // that samples on may hold its newest sample at every ack
            gamma.sampler().close();
            assertTrue(TestAgents.await(Duration.ofSeconds(20), () -> gamma.outbox().size() == 0));
            gamma.close();
            JsonNode gammaHistory = history(http, "gamma");
            assertTrue(TestAgents.await(Duration.ofSeconds(20), () -> "OFFLINE".equals(status(http, "gamma"))));
            JsonNode alphaBefore = history(http, "alpha");

            hub.destroyForcibly().waitFor();
            long atKill = agents.get(0).sampler().nextSeq() - 1;
            // the agents sample on while no hub listens
            assertTrue(TestAgents.await(Duration.ofSeconds(20), () -> agents.get(0).sampler().nextSeq() - 1
                    >= atKill + 2));

            restarted = startHub(port, ingestPort, "second");
            long atRestart = agents.get(0).sampler().nextSeq() - 1;
            assertTrue(TestAgents.await(Duration.ofSeconds(60), () -> agents.get(0).outbox().ackedSeq()
                    >= atRestart + 2 && agents.get(1).outbox().ackedSeq() >= atRestart + 2), "the agents caught up");
            agents.get(0).close();
            agents.get(1).close();

            for (String name : List.of("alpha", "beta")) {
                JsonNode entry = entry(http, name);
                long lastSeq = entry.get("last_seq").asLong();
                JsonNode points = history(http, name);
                assertEquals(lastSeq, points.size(), name + ": one point for each of seqs 1.." + lastSeq + ": "
                        + points);
                for (int i = 1; i < points.size(); i++) {
                    assertTrue(points.get(i - 1).get(0).asText().compareTo(points.get(i).get(0).asText()) < 0,
                            name + ": each sample once, in order: " + points);
                }
                assertEquals(0, entry.get("missed_samples").asLong(), name + " missed no seq");
            }
            JsonNode alphaAfter = history(http, "alpha");
            for (int i = 0; i < alphaBefore.size(); i++) {
                assertEquals(alphaBefore.get(i), alphaAfter.get(i), "history from before the crash, as before");
            }
            assertEquals("OFFLINE", status(http, "gamma"));
            assertEquals(gammaHistory, history(http, "gamma"), "the offline host's history, as before the crash");
            TestHttp.Answer mem = http.get("/hosts/gamma/api/4/mem");
            assertEquals(200, mem.status(), mem.body());
            assertTrue(mem.json().get("percent").isNumber(), "its last stats are served: " + mem.body());
            assertEquals(200, http.get("/hosts/gamma/api/4/cpu").status(), "rates derived from its last samples");
        } finally {
            agents.forEach(Agent::close);
            hub.destroyForcibly().waitFor();
            if (restarted != null) {
                restarted.destroy();
                restarted.waitFor();
            }
        }
    }

    private Process startHub(int port, int ingestPort, String run) throws IOException, InterruptedException {
        Path log = state.resolve("hub-" + run + ".log");
        Path tokenFile = state.resolve("token");
        Files.writeString(tokenFile, TOKEN);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.fleetglance.hub.Main", "hub",
                "--bind", "127.0.0.1", "--port", String.valueOf(port), "--ingest-port", String.valueOf(ingestPort),
                "--no-local-agent", "--state-dir", state.resolve("state").toString(), "--insecure",
                "--token-file", tokenFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TestHttp http = new TestHttp(port);
        boolean up = TestAgents.await(Duration.ofSeconds(60), () -> {
            try {
                return p.isAlive() && http.get("/api/4/status").status() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        assertTrue(up, "the hub serves: " + (Files.exists(log) ? Files.readString(log) : ""));
        return p;
    }

    private static JsonNode history(TestHttp http, String host) throws IOException, InterruptedException {
        TestHttp.Answer a = http.get("/hosts/" + host + "/api/4/mem/percent/history");
        assertEquals(200, a.status(), a.body());
        return a.json();
    }

    private static JsonNode entry(TestHttp http, String host) throws IOException, InterruptedException {
        for (JsonNode e : http.get("/api/4/serverslist").json()) {
            if (host.equals(e.path("name").asText())) {
                return e;
            }
        }
        throw new AssertionError(host + " is not in the serverslist");
    }

    private static String status(TestHttp http, String host) {
        try {
            return entry(http, host).get("status").asText();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
