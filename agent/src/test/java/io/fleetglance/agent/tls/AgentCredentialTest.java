package io.fleetglance.agent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCredentialTest {

    @Test
    void isMadeOnceReadableByTheOwnerOnlyAndKept(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("state").resolve("agent-web-1.credential");
        AgentCredential made = AgentCredential.loadOrCreate(file);
        assertTrue(made.created());
        assertEquals(43, made.secret().length(), "256 bits, base64url");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        AgentCredential again = AgentCredential.loadOrCreate(file);
        assertFalse(again.created());
        assertEquals(made.secret(), again.secret());
        assertFalse(made.toString().contains(made.secret()), "never in a log line");
        assertNotEquals(made.secret(), AgentCredential.loadOrCreate(dir.resolve("other")).secret());
    }

    @Test
    void aDamagedFileIsAClearError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("agent-x.credential");
        Files.writeString(file, "short\n");
        IOException e = assertThrows(IOException.class, () -> AgentCredential.loadOrCreate(file));
        assertTrue(e.getMessage().contains("release the name"), e.getMessage());
    }

    @Test
    void fingerprintsAreReadAsOperatorsPasteThem() {
        String hex = "ab".repeat(32);
        assertEquals("sha256:" + hex, Fingerprint.parse("sha256:" + hex));
        assertEquals("sha256:" + hex, Fingerprint.parse("SHA256:" + "AB:".repeat(31) + "AB"));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse(hex));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse("sha256:abc"));
    }
}
