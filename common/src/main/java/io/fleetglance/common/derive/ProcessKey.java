package io.fleetglance.common.derive;

import io.fleetglance.proto.Process;

/** A process's identity: its pid and its start time, so that a reused pid is a different process. */
record ProcessKey(int pid, long startTime) {

    /**
     * Both fields spread over every bit. A record's own hash ({@code 31 * pid + startTime}) puts processes whose pid and
     * start time step together, as those started one after another do, 32 apart: a few buckets of a table, which then
     * turn into trees.
     */
    @Override
    public int hashCode() {
        return Long.hashCode(startTime * 0x9E3779B97F4A7C15L + pid * 0xC2B2AE3D27D4EB4FL);
    }

    static ProcessKey of(Process process) {
        return new ProcessKey(process.getPid(), process.getStartTime());
    }
}
