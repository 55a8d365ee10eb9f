package io.fleetglance.common;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real Glances 4.5.6 answers. Those copied into this module's test resources ({@code glances-samples/}) are always
 * there; the others are read from the captures kept beside the repository
 * ({@code ../shared/reference/glances-samples} from the repository root), and tests that compare against them are
 * skipped, with a message, where that folder is not there.
 */
public final class GlancesSamples {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GlancesSamples() {
    }

    /** Parses one sample file, or skips the calling test when the samples are absent. */
    public static JsonNode read(String fileName) {
        try (java.io.InputStream bundled = GlancesSamples.class.getResourceAsStream("/glances-samples/" + fileName)) {
            if (bundled != null) {
                return MAPPER.readTree(bundled);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse bundled Glances sample " + fileName, e);
        }
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
