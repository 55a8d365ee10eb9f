package io.fleetglance.hub.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.agent.Agent;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.grpc.GrpcCall;
import io.fleetglance.agent.grpc.GrpcStatus;
import io.fleetglance.agent.tls.Fingerprint;
import io.fleetglance.agent.tls.HubTrust;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.fleet.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest over TLS, on loopback: the agent verifies the hub, and the TLS port shrugs off what is not TLS. */
class IngestTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Socket open(HubTrust trust, Hub hub) throws IOException {
        return trust.connector("127.0.0.1", hub.ingestPort(), TIMEOUT).open("127.0.0.1", hub.ingestPort(), 10_000);
    }

    private static HubSettings stateDirHub(Path dir) throws IOException {
        return HubSettings.loopback().withTls(new HubCertificates().loadOrCreate(dir,
                HubCertificates.defaultNames("127.0.0.1")).tls());
    }

    @Test
    void anAgentStreamsOverTls13WithTheCaTheHubMadeInItsStateDirectory(@TempDir Path dir) throws Exception {
        HubCertificates.Loaded first = new HubCertificates().loadOrCreate(dir, HubCertificates.defaultNames("x"));
        assertTrue(first.created());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("server.key"))));
        HubCertificates.Loaded again = new HubCertificates().loadOrCreate(dir, HubCertificates.defaultNames("x"));
        assertFalse(again.created(), "a restarted hub keeps its identity");
        assertEquals(first.tls().fingerprint(), again.tls().fingerprint());

        try (Hub hub = Hub.start(HubSettings.loopback().withTls(again.tls()))) {
            HubTrust trust = HubTrust.caFile(dir.resolve("ca.pem"));
            try (Socket s = open(trust, hub)) {
                SSLSocket tls = (SSLSocket) s;
                assertEquals("TLSv1.3", tls.getSession().getProtocol());
                assertEquals("h2", tls.getApplicationProtocol());
            }
            CollectorSet collectors = CollectorSet.standard(HostRoot.system());
            Agent agent = new Agent(AgentSettings.of("127.0.0.1", hub.ingestPort(), trust, "tls-host", "id-tls-0001")
                    .withPeriod(Duration.ofMillis(200)), collectors.all(), collectors.processes());
            agent.start();
            try {
                assertTrue(await(() -> hub.registry().find("tls-host").map(Host::lastSeq).orElse(0L) >= 3),
                        "samples arrive over TLS");
            } finally {
                agent.close();
            }
        }
    }

    @Test
    void anotherHubsCaAndAWrongPinAreRefusedByTheAgent(@TempDir Path dir) throws Exception {
        HubTls other = new HubCertificates().generate(HubCertificates.defaultNames("127.0.0.1"));
        try (Hub hub = Hub.start(stateDirHub(dir))) {
            IOException wrongCa = assertThrows(IOException.class, () -> open(
                    HubTrust.authorities(List.of(other.authority()), "another hub's CA"), hub));
            assertTrue(wrongCa.getMessage().contains("TLS handshake with the hub at 127.0.0.1:" + hub.ingestPort()
                    + " failed"), wrongCa.getMessage());

            IOException wrongPin = assertThrows(IOException.class, () -> open(HubTrust.pinned(other.fingerprint()),
                    hub));
            assertTrue(wrongPin.getMessage().contains("not the pinned one"), wrongPin.getMessage());

            try (Socket pinned = open(HubTrust.pinned(hub.settings().tls().fingerprint()), hub)) {
                assertEquals("h2", ((SSLSocket) pinned).getApplicationProtocol(), "the right pin passes");
            }
            // the pin of the hub's server certificate itself works too, in the colon form some tools print
            String leaf = Fingerprint.of(hub.settings().tls().chain().get(0));
            StringBuilder colons = new StringBuilder("SHA256:");
            String hex = leaf.substring("sha256:".length()).toUpperCase();
            for (int i = 0; i < hex.length(); i += 2) {
                colons.append(i > 0 ? ":" : "").append(hex, i, i + 2);
            }
            try (Socket pinned = open(HubTrust.pinned(colons.toString().replace("SHA256", "sha256")), hub)) {
                assertEquals("TLSv1.3", ((SSLSocket) pinned).getSession().getProtocol());
            }
            assertTrue(hub.registry().hosts().isEmpty());
        }
    }

    @Test
    void trustOnFirstUseRemembersTheHubAndRefusesAChangedCertificateLoudly(@TempDir Path dir) throws Exception {
        Path known = dir.resolve("agent").resolve("known-hubs");
        HubTrust tofu = HubTrust.trustOnFirstUse(known);
        int port;
        String fingerprint;
        try (Hub hub = Hub.start(stateDirHub(dir.resolve("hub-1")))) {
            port = hub.ingestPort();
            fingerprint = hub.settings().tls().fingerprint();
            open(tofu, hub).close();
            assertEquals(List.of("127.0.0.1:" + port + " " + fingerprint), Files.readAllLines(known));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(known)));
            open(tofu, hub).close();
        }
        // a hub with another CA now answers at the same address
        try (Hub impostor = Hub.start(stateDirHub(dir.resolve("hub-2")).withIngestPort(port))) {
            IOException changed = assertThrows(IOException.class, () -> open(tofu, impostor));
            assertTrue(changed.getMessage().contains("THE HUB'S CERTIFICATE HAS CHANGED"), changed.getMessage());
            assertTrue(changed.getMessage().contains(known.toString()), "says which file to edit: "
                    + changed.getMessage());
            assertEquals(List.of("127.0.0.1:" + port + " " + fingerprint), Files.readAllLines(known),
                    "the hub first trusted stays the trusted one");
        }
    }

    @Test
    void plaintextHttp2Http11AndGarbageOnTheTlsPortAreRefusedWithoutHarm() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            byte[][] attempts = {
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\4\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                "GET /api/4/status HTTP/1.1\r\nHost: hub\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                // a whole TLS handshake record whose content is garbage, then bytes that are no record at all
                new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5},
                new byte[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
            };
            for (byte[] attempt : attempts) {
                try (Socket raw = new Socket("127.0.0.1", hub.ingestPort())) {
                    raw.setSoTimeout(10_000);
                    OutputStream out = raw.getOutputStream();
                    out.write(attempt);
                    out.flush();
                    String answer = readUntilClosed(raw.getInputStream());
                    assertFalse(answer.contains("HTTP/"), "no HTTP answer on the TLS port: " + answer);
                }
            }
            // our own plaintext client, pointed at the TLS port by mistake, fails with a status, not a hang
            GrpcCall.Listener ignore = new GrpcCall.Listener() {
                @Override
                public void onMessage(byte[] message) {
                }

                @Override
                public void onClose(GrpcStatus status) {
                }
            };
            GrpcCall.start("127.0.0.1", hub.ingestPort(), "/fleetglance.v1.Ingest/Connect", ignore,
                    GrpcCall.Options.defaults("test")).cancel("done");
            // and the hub still serves a real agent
            try (Socket tls = open(HubTrust.pinned(hub.settings().tls().fingerprint()), hub)) {
                assertEquals("h2", ((SSLSocket) tls).getApplicationProtocol());
            }
            assertTrue(hub.registry().hosts().isEmpty());
        }
    }

    @Test
    void aTlsAgentAtAnInsecureHubIsToldWhy() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback().insecure())) {
            HubTrust trust = HubTrust.pinned("sha256:" + "0".repeat(64));
            IOException e = assertThrows(IOException.class, () -> open(trust, hub));
            assertTrue(e.getMessage().contains("--insecure"), e.getMessage());
        }
    }

    /** What the peer sent until it closed the connection; a peer that keeps it open past the timeout fails. */
    private static String readUntilClosed(InputStream in) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketException reset) {
            return seen.toString(); // a reset is a refusal too
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the hub kept a connection that is not TLS open: " + seen);
        }
        return seen.toString();
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
