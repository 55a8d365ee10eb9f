package io.fleetglance.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;

/** One change to the store; a commit applies a list of them in order. */
public sealed interface StoreOp {

    /** One value of one series in a sample. */
    record SeriesValue(String plugin, String item, JsonNode value) {
    }

    /**
     * A sample a host handled: the host's record after it, the sample's history points and its raw bytes.
     *
     * @param rawSample     encodes the sample when the store writes it (in the writer, not on the ingest path: the
     *                      encoded bytes then live for one write, not until the next commit)
     * @param eventsChanged whether {@code host.eventsJson()} differs from what was last written
     */
    record HostSample(StoredHost host, long seq, long timeUs, List<SeriesValue> points, Supplier<byte[]> rawSample,
            boolean eventsChanged) implements StoreOp {
    }

    /** The host's record changed without a sample (a new Hello, events cleared, a host gone down). */
    record HostUpdate(StoredHost host) implements StoreOp {
    }

    /** Forgets a host: its record, history and samples. */
    record ForgetHost(String name) implements StoreOp {
    }
}
