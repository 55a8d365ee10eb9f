package io.fleetglance.agent.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The agent's own secret, which binds its host name at the hub: 256 random bits made once and kept in the state
 * directory, readable by the agent's user only. The hub stores only its hash.
 *
 * @param secret  the secret, sent in Hello over the verified TLS link
 * @param file    where it is kept
 * @param created whether it was made by this process (a lost state directory shows up as a refusal of the name)
 */
public record AgentCredential(String secret, Path file, boolean created) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{43}");

    @Override
    public String toString() {
        return "AgentCredential[" + file + "]";
    }

    /** Reads the credential kept in {@code file}, or makes one and keeps it there (mode 0600). */
    public static AgentCredential loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!VALID.matcher(secret).matches()) {
                throw new IOException("the agent credential in " + file + " is damaged; if this host's name must "
                        + "be enrolled again, delete the file and ask the hub's operator to release the name");
            }
            return new AgentCredential(secret, file, false);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        writePrivate(file, secret + "\n");
        return new AgentCredential(secret, file, true);
    }

    /** Writes {@code text} to {@code file} atomically, readable and writable by the owner only. */
    static void writePrivate(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            tmp = Files.createTempFile(dir, ".tmp-", "");
        }
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
