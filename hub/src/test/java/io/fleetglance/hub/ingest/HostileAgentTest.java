package io.fleetglance.hub.ingest;

import static io.fleetglance.hub.ingest.SessionRulesTest.exchange;
import static io.fleetglance.hub.ingest.SessionRulesTest.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.agent.Agent;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.Main;
import io.fleetglance.hub.fleet.CredentialHash;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.tls.HubIdentity;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.HubMessage;
import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker on the network tries to stream as a host it does not own, live and offline, with everything refusals
 * and the REST API tell it (the name, the holder's agent id as the old refusal text leaked it, even the enrollment
 * token); only the name's own credential, or an operator's release, lets a new agent in.
 */
class HostileAgentTest {

    private static final String TOKEN = "the-enrollment-token";

    private static Agent owner(Hub hub, String credential) {
        CollectorSet collectors = CollectorSet.standard(HostRoot.system());
        Agent agent = new Agent(AgentSettings.of("127.0.0.1", hub.ingestPort(),
                HubTrust.pinned(hub.settings().tls().fingerprint()), "victim", "id-victim-0001")
                .withCredential(credential).withToken(TOKEN).withPeriod(Duration.ofMillis(200)),
                collectors.all(), collectors.processes());
        agent.start();
        return agent;
    }

    /** Every Hello an attacker can make up for {@code name}: no token, a guessed token, the token, the holder's id. */
    private static List<AgentMessage> attacks(String name) {
        return List.of(hello(name, "id-attacker-01", "", "attacker-secret"),
                hello(name, "id-attacker-01", "guess", "attacker-secret"),
                hello(name, "id-victim-0001", "", "attacker-secret"),
                hello(name, "id-victim-0001", TOKEN, "attacker-secret"),
                hello(name, "id-attacker-01", TOKEN, "attacker-secret"));
    }

    private static List<String> refusals(Hub hub, String name) throws Exception {
        List<String> seen = new ArrayList<>();
        for (AgentMessage attack : attacks(name)) {
            Object outcome = exchange(hub, attack);
            assertTrue(outcome instanceof Status, "refused: " + outcome);
            Status s = (Status) outcome;
            assertTrue(s.getCode() == Status.Code.UNAUTHENTICATED || s.getCode() == Status.Code.PERMISSION_DENIED,
                    s.toString());
            assertFalse(s.getDescription().contains("id-victim"), "nothing about the holder: " + s);
            assertFalse(s.getDescription().contains("owner-secret"), s.toString());
            seen.add(s.getCode() + ": " + s.getDescription());
        }
        return seen;
    }

    @Test
    void takingOverALiveOrAnOfflineNameIsRefusedAlikeAndLosesNothing() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback().withToken(TOKEN))) {
            Agent victim = owner(hub, "owner-secret");
            List<String> whileLive;
            try {
                assertTrue(await(() -> hub.registry().find("victim").map(Host::lastSeq).orElse(0L) >= 2));
                whileLive = refusals(hub, "victim");
                Host host = hub.registry().find("victim").orElseThrow();
                long before = host.lastSeq();
                assertTrue(await(() -> host.lastSeq() >= before + 2), "the owner keeps streaming");
                assertTrue(victim.connected());
            } finally {
                victim.close();
            }
            Host host = hub.registry().find("victim").orElseThrow();
            assertTrue(await(() -> host.link() == null), "the owner is gone");
            long history = host.lastSeq();
            List<String> whileOffline = refusals(hub, "victim");
            assertEquals(whileLive, whileOffline, "a refusal does not tell a live holder from an offline one");
            // and an unknown name refuses a tokenless Hello in the very same words
            Status unknown = (Status) exchange(hub, attacks("no-such-host").get(0));
            assertEquals(whileLive.get(0), unknown.getCode() + ": " + unknown.getDescription());
            assertEquals(history, hub.registry().find("victim").orElseThrow().lastSeq(), "its history is kept");

            // the owner comes back with its credential: welcomed, with its history
            Object back = exchange(hub, hello("victim", "id-victim-0001", "", "owner-secret"));
            assertTrue(back instanceof HubMessage m && m.hasWelcome(), "the owner is welcomed back: " + back);
            assertTrue(hub.registry().find("victim").orElseThrow() == host, "as the same host, history and all");
        }
    }

    @Test
    void aCredentialFromAnotherHubIsRefusedAndAnOldAgentWithoutOneToo() throws Exception {
        try (Hub hubA = Hub.start(HubSettings.loopback().withToken(TOKEN));
                Hub hubB = Hub.start(HubSettings.loopback().withToken(TOKEN))) {
            assertTrue(exchange(hubA, hello("web-1", "id-web-1-at-a", TOKEN, "secret-of-a")) instanceof HubMessage);
            assertTrue(exchange(hubB, hello("web-1", "id-web-1-at-b", TOKEN, "secret-of-b")) instanceof HubMessage);
            Status crossed = (Status) exchange(hubA, hello("web-1", "id-web-1-at-b", TOKEN, "secret-of-b"));
            assertEquals(Status.Code.PERMISSION_DENIED, crossed.getCode());
            Status none = (Status) exchange(hubA, hello("web-2", "id-web-2-0001", TOKEN, ""));
            assertEquals(Status.Code.INVALID_ARGUMENT, none.getCode());
            assertTrue(none.getDescription().contains("no agent credential"), none.getDescription());
        }
    }

    @Test
    void anOperatorReleasesANameFromTheCommandLineWhileTheHubRuns(@TempDir Path state) throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback().withToken(TOKEN).withStateDir(state))) {
            assertTrue(exchange(hub, hello("lost", "id-lost-00001", TOKEN, "old-secret")) instanceof HubMessage);
            String stored = storeText(state);
            assertTrue(stored.contains(CredentialHash.of("old-secret")), "the binding is in the store");
            assertFalse(stored.contains("old-secret"), "only a hash is kept");
            // the machine lost its state directory: its new credential is refused, with what to do
            Status refused = (Status) exchange(hub, hello("lost", "id-lost-00002", TOKEN, "new-secret"));
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getCode());
            assertTrue(refused.getDescription().contains("fleetglance hub release lost"), refused.getDescription());

            StringWriter out = new StringWriter();
            int code = Main.commandLine().setOut(new PrintWriter(out)).execute("hub", "release", "lost",
                    "--state-dir", state.toString());
            assertEquals(0, code, out.toString());
            assertTrue(out.toString().contains("released host name 'lost'"), out.toString());

            Object again = exchange(hub, hello("lost", "id-lost-00002", TOKEN, "new-secret"));
            assertTrue(again instanceof HubMessage m && m.hasWelcome(), "enrolled again: " + again);
            Status old = (Status) exchange(hub, hello("lost", "id-lost-00001", TOKEN, "old-secret"));
            assertEquals(Status.Code.PERMISSION_DENIED, old.getCode(), "the old credential no longer holds it");
        }
        // a restarted hub keeps the bindings
        try (Hub hub = Hub.start(HubSettings.loopback().withStateDir(state))) {
            assertEquals(Status.Code.PERMISSION_DENIED,
                    ((Status) exchange(hub, hello("lost", "id-x-0000001", "", "old-secret"))).getCode());
            assertTrue(exchange(hub, hello("lost", "id-lost-00002", "", "new-secret")) instanceof HubMessage);
        }
        StringWriter err = new StringWriter();
        assertEquals(1, Main.commandLine().setErr(new PrintWriter(err)).execute("hub", "release", "never-bound",
                "--state-dir", state.toString()));
        assertTrue(err.toString().contains("is not bound"), err.toString());
    }

    @Test
    void theBindingsFileOfAnOlderHubMovesIntoTheStore(@TempDir Path state) throws Exception {
        Path file = state.resolve("hub").resolve(HubIdentity.BINDINGS_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# host name and the hash of the credential it is bound to\n"
                + "kept " + CredentialHash.of("kept-secret") + "\n");
        try (Hub hub = Hub.start(HubSettings.loopback().withToken(TOKEN).withStateDir(state))) {
            assertFalse(Files.exists(file), "read once");
            assertTrue(Files.exists(file.resolveSibling(HubIdentity.BINDINGS_FILE + ".imported")));
            Status other = (Status) exchange(hub, hello("kept", "id-kept-00002", TOKEN, "another-secret"));
            assertEquals(Status.Code.PERMISSION_DENIED, other.getCode(), "the name stays bound");
            Object owner = exchange(hub, hello("kept", "id-kept-00001", "", "kept-secret"));
            assertTrue(owner instanceof HubMessage m && m.hasWelcome(), "its owner needs no token: " + owner);
        }
    }

    /** The store's bytes (file and WAL), as text, to look for what it keeps. */
    private static String storeText(Path state) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String name : new String[] {"hub.db", "hub.db-wal"}) {
            Path f = state.resolve(name);
            if (Files.exists(f)) {
                text.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
