package io.fleetglance.hub.fleet;

/** A second live agent claimed a host name already held by another agent id. */
public final class NameConflictException extends Exception {

    public NameConflictException(String name, String holderId, String claimantId) {
        super("host name '" + name + "' is held by another live agent (id " + holderId + "); agent " + claimantId
                + " was refused: give it another name with --name");
    }
}
