package io.fleetglance.hub;

import io.fleetglance.hub.store.PostgresStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --store} and {@code --store-password-file}, as {@code fleetglance hub} and {@code hub release} take them. */
final class SharedStoreOptions {

    @Option(names = "--store", paramLabel = "URL", description = "The PostgreSQL database the hubs share "
            + "(postgresql://USER@HOST:PORT/DB) instead of the embedded store in the state directory: hubs given the "
            + "same --store form one fleet. The password: FLEETGLANCE_STORE_PASSWORD or "
            + "--store-password-file, never in the URL.")
    String store;

    @Option(names = "--store-password-file", paramLabel = "FILE",
            description = "A file whose first line is the --store database user's password.")
    Path passwordFile;

    /** Whether {@code --store} was given. */
    boolean given() {
        return store != null;
    }

    /** The {@code --store} URL, checked to name a PostgreSQL server. */
    String url() {
        if (!PostgresStore.names(store)) {
            throw new IllegalArgumentException("--store: expected postgresql://USER@HOST:PORT/DB, got '" + store + "'");
        }
        return store;
    }

    /** The password: the first line of {@code --store-password-file} when given, else FLEETGLANCE_STORE_PASSWORD. */
    String password() throws IOException {
        String secret = System.getenv("FLEETGLANCE_STORE_PASSWORD");
        if (passwordFile != null) {
            if (!Files.isReadable(passwordFile)) {
                throw new IllegalArgumentException("--store-password-file " + passwordFile
                        + ": no such file, or not readable by this user");
            }
            List<String> lines = Files.readAllLines(passwordFile);
            secret = lines.isEmpty() ? "" : lines.get(0).strip();
        }
        return secret == null || secret.isEmpty() ? null : secret;
    }
}
