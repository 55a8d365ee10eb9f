package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetglance.agent.Agent;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.store.HistoryRange;
import io.fleetglance.hub.store.HubStore;
import io.fleetglance.hub.store.Retention;
import io.fleetglance.hub.store.StoreException;
import io.fleetglance.hub.store.StoreOp;
import io.fleetglance.hub.store.StoredHost;
import io.fleetglance.hub.store.StoredPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that cannot be written, or cannot be opened: the hub neither loses samples nor starts empty over it. */
class StoreFaultsTest {

    @TempDir
    Path dir;

    /** The real store, whose commits fail as a full disk makes them fail while {@code full} is set. */
    private static final class FullDisk implements HubStore {
        final HubStore store;
        final AtomicBoolean full = new AtomicBoolean();

        FullDisk(HubStore store) {
            this.store = store;
        }

        @Override
        public void commit(List<StoreOp> ops) throws StoreException {
            if (full.get()) {
                throw new StoreException("cannot write the store " + store.location()
                        + " ([SQLITE_FULL] database or disk is full)");
            }
            store.commit(ops);
        }

        @Override
        public List<StoredHost> hosts() {
            return store.hosts();
        }

        @Override
        public List<byte[]> lastSamples(String host) {
            return store.lastSamples(host);
        }

        @Override
        public Optional<String> boundCredential(String name) throws StoreException {
            return store.boundCredential(name);
        }

        @Override
        public void bind(String name, String credentialHash) throws StoreException {
            store.bind(name, credentialHash);
        }

        @Override
        public boolean release(String name) throws StoreException {
            return store.release(name);
        }

        @Override
        public Map<String, Map<String, List<StoredPoint>>> recentHistory(String host, long afterUs, int perSeries) {
            return store.recentHistory(host, afterUs, perSeries);
        }

        @Override
        public HistoryRange range(String host, String plugin, long fromUs, long toUs, int points)
                throws StoreException {
            return store.range(host, plugin, fromUs, toUs, points);
        }

        @Override
        public void maintain(long nowUs, Retention retention) throws StoreException {
            store.maintain(nowUs, retention);
        }

        @Override
        public String location() {
            return store.location();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    @Test
    void aStoreThatCannotBeWrittenStopsTheAcksAndLosesNothing() throws Exception {
        FullDisk[] disk = new FullDisk[1];
        try (Hub hub = Hub.start(HubSettings.loopback().withStateDir(dir), List.of(), null,
                s -> disk[0] = new FullDisk(s))) {
            noAckWhileTheStoreFailsNothingLost(hub, () -> disk[0].full.set(true), () -> disk[0].full.set(false));
        }
    }

    /**
     * The same on a real full file system: the hub's state directory on a 16 MiB tmpfs the test mounts (as root; CI
     * runs as root, elsewhere the test is skipped saying so), filled to the last byte by a file the test then deletes.
     */
    @Test
    void aFullFileSystemStopsTheAcksAndLosesNothing() throws Exception {
        Path mount = dir.resolve("small-fs");
        Files.createDirectories(mount);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", mount.toString()),
                "needs root to mount a small tmpfs for the full disk (CI runs as root)");
        try {
            Path filler = mount.resolve("filler");
            try (Hub hub = Hub.start(HubSettings.loopback().withStateDir(mount.resolve("state")))) {
                noAckWhileTheStoreFailsNothingLost(hub, () -> fill(filler), () -> {
                    assertTrue(hub.store().failure().contains("full"), hub.store().failure());
                    Files.delete(filler);
                });
            }
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * An agent streams at 200 ms; {@code fail} makes the store fail and {@code recover} makes it work again. Meanwhile
     * the hub takes samples in and acknowledges none; afterwards every seq is in the store once, in order.
     */
    private static void noAckWhileTheStoreFailsNothingLost(Hub hub, Step fail, Step recover) throws Exception {
        Agent agent = TestAgents.start(hub, "keeper", "id-keeper-0001", Duration.ofMillis(200));
        try {
            assertTrue(TestAgents.await(Duration.ofSeconds(30), () -> agent.outbox().ackedSeq() >= 3));
            fail.run();
            assertTrue(TestAgents.await(Duration.ofSeconds(60), () -> hub.store().failure() != null),
                    "the store fails");
            long ackedWhenFull = agent.outbox().ackedSeq();
            Host host = hub.registry().find("keeper").orElseThrow();
            // the hub takes in five more samples, and acknowledges none of them
            assertTrue(TestAgents.await(Duration.ofSeconds(30), () -> host.lastSeq() >= ackedWhenFull + 5));
            assertEquals(ackedWhenFull, agent.outbox().ackedSeq(), "nothing acked while the store fails");
            assertTrue(agent.outbox().size() >= 5, "the agent keeps what was not acked");

            recover.run();
            long handled = host.lastSeq();
            assertTrue(TestAgents.await(Duration.ofSeconds(30), () -> agent.outbox().ackedSeq() >= handled),
                    "acked again once the store can be written");
            assertEquals(null, hub.store().failure());
        } finally {
            agent.close();
        }
        Host host = hub.registry().find("keeper").orElseThrow();
        // the hub has handled the end of the stream, so every sample the agent sent before closing it is in: a
        // sample still on its way could otherwise be ingested between the wait below and the count
        assertTrue(TestAgents.await(Duration.ofSeconds(30), () -> host.link() == null), "the stream ended");
        assertTrue(TestAgents.await(Duration.ofSeconds(30), () -> host.durableSeq() == host.lastSeq()));
        List<StoredPoint> stored = hub.registry().historyStore().orElseThrow()
                .recentHistory("keeper", 10_000).get("mem").get("percent");
        // what tells a lost write from a sample the hub never took in (missed, rejected) when this fails
        assertEquals(host.lastSeq(), stored.size(), "every seq has its point in the store; stored "
                + stored.stream().map(StoredPoint::timeUs).toList() + " memory " + host.history("mem", 0)
                + "; missed " + host.missedSamples() + ", rejected " + host.rejectedSamples() + ", dropped by the agent "
                + host.droppedSamples() + ", durable seq " + host.durableSeq());
        for (int i = 1; i < stored.size(); i++) {
            assertTrue(stored.get(i - 1).timeUs() < stored.get(i).timeUs(), "once each, in order");
        }
        assertEquals(0, host.missedSamples());
    }

    /** Writes {@code file} until the file system has no byte left. */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("space")) {
                throw full;
            }
        }
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 64 * 1024; i++) {
                out.write(0);   // the last bytes a whole chunk did not fit in
                out.flush();
            }
        } catch (IOException full) {
            // no byte left
        }
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void theCommandRefusesACorruptStoreInOneLineAndLeavesItAsItWas() throws Exception {
        Path file = Files.writeString(dir.resolve("hub.db"), "not a database at all, just some words. ".repeat(10));
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute("hub", "--bind", "127.0.0.1",
                "--port", "0", "--ingest-port", "0", "--no-local-agent", "--state-dir", dir.toString());
        assertEquals(2, code);
        String message = err.toString().trim();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("fleetglance hub: " + file + " is not a Fleetglance store"), message);
        assertEquals(400, Files.size(file), "the file is left as it was");
    }
}
