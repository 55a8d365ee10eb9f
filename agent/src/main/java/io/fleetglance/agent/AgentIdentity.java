package io.fleetglance.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/** The agent's stable id: made once, kept in the state directory, the same across restarts. */
public final class AgentIdentity {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9-]{8,64}");

    private AgentIdentity() {
    }

    /** Reads the id stored in {@code file}, or makes one and stores it there. */
    public static String loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (VALID.matcher(id).matches()) {
                return id;
            }
            throw new IOException("the agent id in " + file + " is not valid ('" + id
                    + "'): expected 8 to 64 letters, digits or '-'; delete the file to make a new one");
        }
        String id = UUID.randomUUID().toString();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "agent-id", ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return id;
    }
}
