package io.fleetglance.hub.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A store that several hubs share (PostgreSQL): besides what every store keeps, the lease of each host's live stream,
 * so that one hub at a time accepts a host, and the records other hubs wrote. Lease times are the store's clock, so
 * hubs on machines whose clocks differ still agree on who holds what.
 */
public interface SharedStore extends HubStore {

    /**
     * Takes, or renews, the lease of {@code name}'s live stream for {@code hubId} (reachable at {@code url}) for
     * {@code ttlMs}; false when another hub holds it and it has not expired.
     */
    boolean takeLease(String name, String hubId, String url, long ttlMs) throws StoreException;

    /**
     * Renews {@code hubId}'s leases of {@code names} for {@code ttlMs} more; returns those it still held (a lease that
     * expired meanwhile may have gone to another hub).
     */
    Set<String> renewLeases(String hubId, Collection<String> names, long ttlMs) throws StoreException;

    /** Gives up {@code hubId}'s lease of {@code name} (its stream ended); nothing when another hub holds it. */
    void dropLease(String name, String hubId) throws StoreException;

    /** Every unexpired lease: host name → the URL of the hub that holds its live stream. */
    Map<String, String> leases() throws StoreException;

    /** One host's record as the store has it now: another hub may have written it since this one read it. */
    Optional<StoredHost> host(String name) throws StoreException;

    /** Reads a host's dictionaries from the store again: before this hub writes a host another hub wrote. */
    void adopt(String name) throws StoreException;
}
