package io.fleetglance.hub.fleet;

/** Whether a host is alive, as the fleet browser shows it (Glances' server statuses). */
public enum Liveness {
    /** Known, but no sample yet. */
    UNKNOWN,
    /** Streaming: a sample arrived within the allowed number of periods. */
    ONLINE,
    /** Its stream is gone, or it has been silent for longer than the allowed number of periods. */
    OFFLINE;

    /**
     * @param silentPeriods how many of its own sample periods a host may stay silent before it counts as down
     */
    public static Liveness of(Host host, long nowMillis, int silentPeriods) {
        // streamed here, or by another hub sharing the store
        boolean streamed = host.link() != null || host.servedBy() != null;
        if (host.lastSeenMillis() == 0) {
            return streamed ? UNKNOWN : OFFLINE;
        }
        if (!streamed) {
            return OFFLINE;
        }
        long period = host.hello() == null || host.hello().getSamplePeriodMs() == 0 ? 2000
                : host.hello().getSamplePeriodMs();
        // A little slack over the periods themselves, so a sample that is a few ms late does not flap the status.
        return nowMillis - host.lastSeenMillis() <= silentPeriods * period + 500 ? ONLINE : OFFLINE;
    }
}
