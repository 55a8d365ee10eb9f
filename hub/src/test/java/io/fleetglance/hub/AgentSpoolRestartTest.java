package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.agent.AgentMain;
import io.fleetglance.hub.fleet.Host;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent process is killed with {@code kill -9} while the hub is down, and started again on the same state dir: the
 * samples it had spooled reach the next hub, once and in order, its seqs go on from where they were, and the periods
 * in which it was down are the one gap, counted by the hub as missed.
 */
class AgentSpoolRestartTest {

    private static final String NAME = "spooler";

    @Test
    void anAgentKilledDuringAnOutageResendsItsSpoolAndGoesOnWithItsSeqs(@TempDir Path state) throws Exception {
        List<Long> first = new CopyOnWriteArrayList<>();
        List<Long> second = new CopyOnWriteArrayList<>();
        // one hub identity for both hubs, as a restarted hub keeps its certificate: the agent trusted it on first use
        HubSettings settings = HubSettings.loopback();
        Hub hub1 = Hub.start(settings);
        hub1.registry().addSampleListener((h, s) -> first.add(s.getSeq()));
        int port = hub1.ingestPort();
        Path spool = state.resolve("agent-" + NAME + ".outbox");
        Process agent = startAgent(port, state, "agent-1.log");
        Process restarted = null;
        Hub hub2 = null;
        boolean hub1Closed = false;
        try {
            assertTrue(TestAgents.await(Duration.ofSeconds(60), () -> first.size() >= 3), "hub 1 got 3 samples: "
                    + log(state, "agent-1.log"));
            hub1.close();
            hub1Closed = true;
            long lastAtHub1 = first.get(first.size() - 1);
            // the agent spools what it takes while no hub listens
            assertTrue(TestAgents.await(Duration.ofSeconds(30), () -> lastSpooledSeq(spool) >= lastAtHub1 + 3),
                    "the agent spooled 3 samples after hub 1 stopped");

            agent.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
            long lastBeforeKill = lastSpooledSeq(spool);
            // the agent stays down for some periods: samples that are never taken
            Thread.sleep(2_500);

            restarted = startAgent(port, state, "agent-2.log");
            assertTrue(TestAgents.await(Duration.ofSeconds(60), () -> lastSpooledSeq(spool) >= lastBeforeKill + 2),
                    "the restarted agent spools on: " + log(state, "agent-2.log"));
            long firstAfterRestart = spooledSeqs(spool).stream().filter(s -> s > lastBeforeKill).findFirst()
                    .orElseThrow();
            assertTrue(firstAfterRestart > lastBeforeKill + 1, "seqs went on past the periods it was down: "
                    + lastBeforeKill + " then " + firstAfterRestart);

            hub2 = Hub.start(settings.withIngestPort(port), List.of((h, s) -> second.add(s.getSeq())));
            long spooledAtHub2 = lastSpooledSeq(spool);
            assertTrue(TestAgents.await(Duration.ofSeconds(90), () -> !second.isEmpty()
                    && second.get(second.size() - 1) >= spooledAtHub2 + 2), "hub 2 caught up: " + second);

            for (int i = 1; i < first.size(); i++) {
                assertEquals(first.get(i - 1) + 1, first.get(i), "hub 1 got each seq once, in order: " + first);
            }
            assertEquals(1L, first.get(0));
            List<Long> got = new ArrayList<>(second);
            assertTrue(got.get(0) <= lastAtHub1 + 1, "no gap between the hubs: hub 1 ended at " + lastAtHub1
                    + ", hub 2 began at " + got.get(0));
            long gap = 0;
            for (int i = 1; i < got.size(); i++) {
                long step = got.get(i) - got.get(i - 1);
                if (got.get(i - 1) == lastBeforeKill) {
                    assertEquals(firstAfterRestart, got.get(i), "after the spool, the restarted agent's samples");
                    gap = step - 1;
                } else {
                    assertEquals(1, step, "hub 2 got each seq once, in order, the spool whole: " + got);
                }
            }
            assertTrue(got.contains(lastBeforeKill), "the last sample spooled before the kill arrived: " + got);
            Host host = hub2.registry().find(NAME).orElseThrow();
            assertEquals(firstAfterRestart - lastBeforeKill - 1, gap);
            assertEquals(gap, host.missedSamples(), "the periods the agent was down are counted as missed");
            assertEquals(0, host.droppedSamples(), "nothing was dropped from the spool");
        } finally {
            agent.destroyForcibly();
            if (restarted != null) {
                restarted.destroy();
                if (!restarted.waitFor(10, TimeUnit.SECONDS)) {
                    restarted.destroyForcibly();
                }
            }
            if (hub2 != null) {
                hub2.close();
            }
            if (!hub1Closed) {
                hub1.close();
            }
        }
    }

    /** A real agent JVM of the test's classpath, as {@code fleetglance agent} runs it, at a period of 1 s. */
    private static Process startAgent(int port, Path state, String logName) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String surefire = System.getProperty("surefire.test.class.path");
        String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        Path log = state.resolve(logName);
        return new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                AgentMain.class.getName(), "--hub", "127.0.0.1:" + port, "--name", NAME, "--period", "1",
                "--state-dir", state.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String log(Path state, String name) {
        try {
            return Files.readString(state.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static long lastSpooledSeq(Path spool) {
        List<Long> seqs = spooledSeqs(spool);
        return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
    }

    /**
     * The seqs of the whole records in the spool's segments, read as the format says (8 bytes of magic, then per
     * record: payload length, CRC32C, seq, wall time, period, payload), independently of the agent's own reader.
     */
    private static List<Long> spooledSeqs(Path spool) {
        List<Long> seqs = new ArrayList<>();
        if (!Files.isDirectory(spool)) {
            return seqs;
        }
        try (Stream<Path> files = Files.list(spool)) {
            for (Path segment : files.filter(p -> p.getFileName().toString().endsWith(".spool")).sorted().toList()) {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
                int pos = 8;
                while (b.limit() - pos >= 28) {
                    int length = b.getInt(pos);
                    if (pos + 28 + length > b.limit()) {
                        break;
                    }
                    seqs.add(b.getLong(pos + 8));
                    pos += 28 + length;
                }
            }
        } catch (IOException e) {
            // a segment deleted between listing and reading: the next poll reads again
        }
        return seqs;
    }
}
