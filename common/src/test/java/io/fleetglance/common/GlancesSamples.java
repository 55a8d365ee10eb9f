package io.fleetglance.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The real answers of a Glances 4.5.6 server that the tests compare against, kept in this module's test resources
 * ({@code glances-samples/}, with an {@code INDEX.txt} of the requests and a README saying how they were captured) and
 * shared with the hub's tests through the test jar. A missing sample fails the test that asks for it: nothing is
 * skipped for want of a file.
 */
public final class GlancesSamples {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GlancesSamples() {
    }

    /** The bytes of one sample file, as Glances sent them. */
    public static byte[] bytes(String fileName) {
        try (InputStream in = GlancesSamples.class.getResourceAsStream("/glances-samples/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("Glances sample glances-samples/" + fileName
                        + " is missing from the test resources of the common module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Glances sample " + fileName, e);
        }
    }

    /** One sample file, parsed. */
    public static JsonNode read(String fileName) {
        try {
            return MAPPER.readTree(bytes(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse Glances sample " + fileName, e);
        }
    }
}
