package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Real Glances answers, copied under src/test/resources/fixtures. */
final class Fixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    static JsonNode json(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host of the samples: a 2-cpu VM named {@code vm}, with its /all, /all/views and an extended process. */
    static HostStats host() {
        return new HostStats(json("all.json"), json("all__views.json"), json("processes_extended_after.json"));
    }
}
