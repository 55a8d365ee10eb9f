package io.fleetglance.hub.store;

/**
 * What the store keeps of one host, besides its history.
 *
 * @param name           the host name, unique in the fleet
 * @param agentId        the id of the agent that holds the name
 * @param credential     the credential bound to the host (opaque to the store), null when none
 * @param hello          the agent's latest Hello (protobuf, token removed): its OS facts and version; may be empty
 * @param periodMs       the agent's sample period
 * @param lastSeenMillis when a sample last arrived, 0 for never
 * @param lastSeq        the highest seq handled and durable
 * @param droppedSamples the agent's count of samples dropped from its outbox
 * @param missedSamples  seqs skipped over since the host was first seen
 * @param eventsJson     the host's events list as {@code /alert} serves it
 */
public record StoredHost(String name, String agentId, String credential, byte[] hello, long periodMs,
        long lastSeenMillis, long lastSeq, long droppedSamples, long missedSamples, String eventsJson) {
}
