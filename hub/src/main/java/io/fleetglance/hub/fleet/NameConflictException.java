package io.fleetglance.hub.fleet;

/**
 * A Hello that may not stream as the host name it claims. The message says what the agent's operator can do, and
 * never anything about the agent that holds the name.
 */
public final class NameConflictException extends Exception {

    /** Why the name was refused. */
    public enum Reason {
        /** Not the name's credential, and no valid enrollment token either. */
        NOT_ENROLLED,
        /** The enrollment token is valid but the name is bound to another credential. */
        BOUND_TO_ANOTHER,
        /** A credential-less (in-process) claim of a name that a live agent streams. */
        HELD,
        /** Another hub sharing the store streams this host now (its lease has not expired). */
        ELSEWHERE
    }

    private final Reason reason;

    public NameConflictException(Reason reason, String name) {
        super(switch (reason) {
            case NOT_ENROLLED -> "wrong or missing enrollment token: give the agent the hub's token "
                    + "(--token-file FILE or FLEETGLANCE_TOKEN)";
            case BOUND_TO_ANOTHER -> "host name '" + name + "' is enrolled with another agent's credential. If this "
                    + "is that same machine and it lost its state directory, the hub's operator must release the "
                    + "name first (fleetglance hub release " + name + " --state-dir DIR); otherwise give this "
                    + "agent another name with --name";
            case HELD -> "host name '" + name + "' is held by another live agent: give this one another name "
                    + "with --name";
            case ELSEWHERE -> "host '" + name + "' streams through another hub of this fleet right now; the agent "
                    + "tries its other hubs, and this one again once that stream has ended";
        });
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
