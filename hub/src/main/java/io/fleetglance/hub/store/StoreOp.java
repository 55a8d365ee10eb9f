package io.fleetglance.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;

/** One change to the store; a commit applies a list of them in order. */
public sealed interface StoreOp {

    /**
     * A host's last samples are kept as the agent sent them: a whole sample, then at most this many deltas, each on
     * the sample before it, then a whole one again. Writing a 1 KB delta instead of re-encoding a 7 KB whole sample
     * at every sample is most of the store writer's CPU.
     */
    int MAX_STORED_DELTAS = 60;

    /**
     * Slots of a host's last samples (by seq): room for two chains of {@link #MAX_STORED_DELTAS}, so that the last
     * sample and the one before it can always be rebuilt.
     */
    int SAMPLE_SLOTS = 128;

    /** One value of one series in a sample. */
    record SeriesValue(String plugin, String item, JsonNode value) {
    }

    /**
     * A sample a host handled: the host's record after it, the sample's history points and its raw bytes.
     *
     * @param rawSample     encodes the sample when the store writes it (in the writer, not on the ingest path: the
     *                      encoded bytes then live for one write, not until the next commit): the whole sample, or
     *                      the delta the agent sent on the sample stored just before it
     * @param wholeSample   whether {@code rawSample} is a whole sample: a chain starts, and the host's stored samples
     *                      of higher seqs (an agent that counts again from 1) are left behind
     * @param eventsChanged whether {@code host.eventsJson()} differs from what was last written
     */
    record HostSample(StoredHost host, long seq, long timeUs, List<SeriesValue> points, Supplier<byte[]> rawSample,
            boolean wholeSample, boolean eventsChanged) implements StoreOp {
    }

    /** The host's record changed without a sample (a new Hello, events cleared, a host gone down). */
    record HostUpdate(StoredHost host) implements StoreOp {
    }

    /** Forgets a host: its record, history and samples. */
    record ForgetHost(String name) implements StoreOp {
    }
}
