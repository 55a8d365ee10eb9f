package io.fleetglance.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentIdentityTest {

    @Test
    void keepsTheSameIdAcrossRestarts(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("state/agent.id");
        String first = AgentIdentity.loadOrCreate(file);
        String again = AgentIdentity.loadOrCreate(file);
        assertEquals(first, again);
        assertEquals(36, first.length());
    }

    @Test
    void refusesACorruptIdFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("agent.id");
        Files.writeString(file, "not an id!");
        IOException e = assertThrows(IOException.class, () -> AgentIdentity.loadOrCreate(file));
        assertTrue(e.getMessage().contains("is not valid"), e.getMessage());
    }
}
