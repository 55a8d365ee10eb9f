package io.fleetglance.agent.grpc;

/**
 * How a gRPC call ended: the status code of the gRPC protocol and the message that came with it.
 *
 * @param code        0 (OK) to 16 (UNAUTHENTICATED)
 * @param description the server's grpc-message, or why the call failed on this side; may be null
 */
public record GrpcStatus(int code, String description) {

    public static final int OK = 0;
    public static final int CANCELLED = 1;
    public static final int UNKNOWN = 2;
    public static final int RESOURCE_EXHAUSTED = 8;
    public static final int UNIMPLEMENTED = 12;
    public static final int INTERNAL = 13;
    public static final int UNAVAILABLE = 14;

    private static final String[] NAMES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

    /** The code's name, as gRPC spells it ({@code ALREADY_EXISTS}); {@code UNKNOWN} for a code outside 0..16. */
    public String codeName() {
        return codeName(code);
    }

    /** The name of {@code code}, as gRPC spells it; {@code UNKNOWN} for a code outside 0..16. */
    public static String codeName(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : NAMES[UNKNOWN];
    }

    public boolean isOk() {
        return code == OK;
    }

    /** {@code CODE: description}, or the code alone. */
    @Override
    public String toString() {
        return description == null || description.isEmpty() ? codeName() : codeName() + ": " + description;
    }
}
