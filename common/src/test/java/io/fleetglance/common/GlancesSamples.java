package io.fleetglance.common;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Glances answers kept beside the repository ({@code ../shared/reference/glances-samples} from the repository
 * root). Tests that compare against them are skipped, with a message, where the folder is not there.
 */
public final class GlancesSamples {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GlancesSamples() {
    }

    /** Parses one sample file, or skips the calling test when the samples are absent. */
    public static JsonNode read(String fileName) {
        Path file = directory().resolve(fileName);
        assumeTrue(Files.isRegularFile(file), () -> "Glances sample " + file + " is not available; comparison skipped");
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse Glances sample " + file, e);
        }
    }

    private static Path directory() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("proto")) && Files.isDirectory(dir.resolve("common"))) {
                return dir.resolve("../shared/reference/glances-samples").normalize();
            }
        }
        return here.resolve("../../shared/reference/glances-samples").normalize();
    }
}
