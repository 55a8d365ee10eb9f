package io.fleetglance.agent.stream;

/**
 * The last sample an agent took before it stopped, as its spool remembers it: where its seqs go on from.
 *
 * @param periodMs the period it was taken at; 0 when unknown
 */
public record LastTaken(long seq, long wallUs, int periodMs) {

    /**
     * The seq for the first sample taken at {@code nowUs}. The periods that passed while the agent was down are
     * skipped: no sample was taken in them, and the hub counts the skipped seqs as missed. The new sample fills the
     * slot it is nearest to, so a restart within half a period skips nothing. A clock that went back skips nothing.
     */
    public long nextSeq(long nowUs) {
        if (periodMs <= 0 || wallUs <= 0 || nowUs <= wallUs) {
            return seq + 1;
        }
        long periodUs = periodMs * 1000L;
        long slots = (nowUs - wallUs + periodUs / 2) / periodUs;
        return seq + Math.max(1, slots);
    }
}
