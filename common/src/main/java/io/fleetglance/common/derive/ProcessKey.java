package io.fleetglance.common.derive;

import io.fleetglance.proto.Process;

/** A process's identity: its pid and its start time, so that a reused pid is a different process. */
record ProcessKey(int pid, long startTime) {

    static ProcessKey of(Process process) {
        return new ProcessKey(process.getPid(), process.getStartTime());
    }
}
