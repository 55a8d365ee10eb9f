package io.fleetglance.hub.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the hub keeps across restarts: its hosts (identity, credential, OS facts, counters), the host names
 * bound to agents' credentials, each host's last handled seq, its events, its last raw samples and its history in
 * tiers (raw points, then min/avg/max per minute and per hour). Ingest and the API only see this interface, so that
 * another engine can implement it.
 * <p>
 * Writes come through {@link #commit}, from one thread at a time, and through {@link #bind} and {@link #release}, each
 * its own transaction; reads may come from any thread, and another process may change the bindings meanwhile.
 */
public interface HubStore extends AutoCloseable {

    /** Every host the store holds, in the order they were first seen. */
    List<StoredHost> hosts();

    /**
     * The last raw samples (protobuf bytes) of a host, by seq: whole samples and deltas as {@link StoreOp.HostSample}
     * gave them, at most {@link StoreOp#SAMPLE_SLOTS}; enough to rebuild its last two samples and derive its stats
     * again.
     */
    List<byte[]> lastSamples(String host);

    /** The last {@code perSeries} raw points of every series of a host: plugin → item → points, oldest first. */
    default Map<String, Map<String, List<StoredPoint>>> recentHistory(String host, int perSeries) {
        return recentHistory(host, Long.MIN_VALUE, perSeries);
    }

    /** As {@link #recentHistory(String, int)}, only the points after {@code afterUs}. */
    Map<String, Map<String, List<StoredPoint>>> recentHistory(String host, long afterUs, int perSeries);

    /** Makes every operation durable, in order, in one transaction; on an exception none of them is. */
    void commit(List<StoreOp> ops) throws StoreException;

    /**
     * The history of one plugin between two times from the finest tier that still covers {@code fromUs}, folded into
     * at most {@code points} buckets per series.
     */
    HistoryRange range(String host, String plugin, long fromUs, long toUs, int points) throws StoreException;

    /** Rolls up finished minutes and hours, and drops what is past its retention or over the disk budget. */
    void maintain(long nowUs, Retention retention) throws StoreException;

    /**
     * As {@link #maintain}, a part at a time: does about {@code budgetNanos} of it, going on where the previous call
     * stopped; true once a whole round is done (the next call starts another).
     */
    default boolean maintainSome(long nowUs, Retention retention, long budgetNanos) throws StoreException {
        maintain(nowUs, retention);
        return true;
    }

    /** The hash of the agent credential {@code name} is bound to; empty when the name is free. */
    Optional<String> boundCredential(String name) throws StoreException;

    /** Binds {@code name} to {@code credentialHash}, durably before it returns (outside the batched commits). */
    void bind(String name, String credentialHash) throws StoreException;

    /** Frees {@code name}, durably; false when it was not bound. */
    boolean release(String name) throws StoreException;

    /** Where the store lives, for messages: a file, or a description. */
    String location();

    @Override
    void close();
}
