package io.fleetglance.hub.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the hub's state files whole or not at all: secrets readable by the hub's user only. */
public final class StateFiles {

    private StateFiles() {
    }

    /** Mode 0600: keys, the enrollment token, the names' credential hashes. */
    public static void writePrivate(Path file, String text) throws IOException {
        write(file, text, "rw-------");
    }

    /** Mode 0644: certificates. */
    public static void writePublic(Path file, String text) throws IOException {
        write(file, text, "rw-r--r--");
    }

    private static void write(Path file, String text, String mode) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp;
        try {
            // made with its final mode, so the secret is never readable by others, not even for a moment
            tmp = Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            tmp = Files.createTempFile(dir, ".tmp-", "");
        }
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
            } catch (UnsupportedOperationException notPosix) {
                // not a POSIX file system: its own rules apply
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
