package io.fleetglance.hub.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token a new agent shows to enroll its host name: made on the hub's first start into its state directory (mode
 * 0600), or the operator's own file ({@code --token-file}).
 *
 * @param created whether this start made it (it is then printed, once)
 */
public record EnrollmentToken(String value, Path file, boolean created) {

    static final String FILE = "enrollment-token";

    @Override
    public String toString() {
        return "EnrollmentToken[" + file + "]"; // never the value
    }

    /** The token kept in {@code dir}, made there when absent. */
    public static EnrollmentToken loadOrCreate(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            return fromFile(file);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        StateFiles.writePrivate(file, value + "\n");
        return new EnrollmentToken(value, file, true);
    }

    /** The operator's token file: its content, trimmed; an empty file is refused. */
    public static EnrollmentToken fromFile(Path file) throws IOException {
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException("cannot read the token file " + file + ": " + e.getMessage(), e);
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the token file " + file + " is empty");
        }
        return new EnrollmentToken(value, file, false);
    }
}
