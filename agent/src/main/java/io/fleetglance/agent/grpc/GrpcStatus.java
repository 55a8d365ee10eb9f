package io.fleetglance.agent.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
    public static final int PERMISSION_DENIED = 7;
    public static final int RESOURCE_EXHAUSTED = 8;
    public static final int UNIMPLEMENTED = 12;
    public static final int INTERNAL = 13;
    public static final int UNAVAILABLE = 14;
    public static final int UNAUTHENTICATED = 16;

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

    /** The status that trailers carry: grpc-status, and grpc-message percent-decoded. */
    static GrpcStatus fromTrailers(List<Hpack.Header> trailers, String source) {
        String code = Hpack.value(trailers, "grpc-status");
        if (code == null) {
            return new GrpcStatus(UNKNOWN, source + " ended the call without grpc-status");
        }
        String message = Hpack.value(trailers, "grpc-message");
        try {
            return new GrpcStatus(Integer.parseInt(code.trim()), message == null ? null : percentDecode(message));
        } catch (NumberFormatException e) {
            return new GrpcStatus(UNKNOWN, "grpc-status '" + code + "' from " + source);
        }
    }

    /** The status of an answer whose HTTP status is not 200 (gRPC's http-grpc-status-mapping). */
    static GrpcStatus fromHttpStatus(String httpStatus, String source) {
        int code = switch (httpStatus == null ? "" : httpStatus) {
            case "400" -> INTERNAL;
            case "401" -> UNAUTHENTICATED;
            case "403" -> PERMISSION_DENIED;
            case "404" -> UNIMPLEMENTED;
            case "429", "502", "503", "504" -> UNAVAILABLE;
            default -> UNKNOWN;
        };
        return new GrpcStatus(code, "HTTP status " + httpStatus + " from " + source);
    }

    /**
     * The status of a call ended by an HTTP/2 error code (RST_STREAM, or GOAWAY before the call's stream), as
     * grpc-java maps them (its {@code GrpcUtil.Http2Error}): REFUSED_STREAM and NO_ERROR are UNAVAILABLE (the call may
     * be tried again), CANCEL is CANCELLED, ENHANCE_YOUR_CALM RESOURCE_EXHAUSTED, INADEQUATE_SECURITY
     * PERMISSION_DENIED, HTTP_1_1_REQUIRED UNKNOWN, and every other code, known or not, INTERNAL.
     */
    static GrpcStatus fromHttp2Error(int errorCode, String description) {
        int code = switch (errorCode) {
            case Http2.ERROR_NO_ERROR, Http2.ERROR_REFUSED_STREAM -> UNAVAILABLE;
            case Http2.ERROR_CANCEL -> CANCELLED;
            case Http2.ERROR_ENHANCE_YOUR_CALM -> RESOURCE_EXHAUSTED;
            case Http2.ERROR_INADEQUATE_SECURITY -> PERMISSION_DENIED;
            case Http2.ERROR_HTTP_1_1_REQUIRED -> UNKNOWN;
            default -> INTERNAL;
        };
        return new GrpcStatus(code, description + " (HTTP/2 error " + http2ErrorName(errorCode) + ")");
    }

    /** The name RFC 9113 gives an error code, or the number of one it does not define. */
    static String http2ErrorName(int errorCode) {
        return errorCode >= 0 && errorCode < HTTP2_ERRORS.length ? HTTP2_ERRORS[errorCode]
                : "0x" + Integer.toHexString(errorCode);
    }

    private static final String[] HTTP2_ERRORS = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR",
        "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL",
        "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};

    /** grpc-message is UTF-8, percent-encoded; a '%' that starts no valid escape stays as it is. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    bytes.write(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            bytes.write(c);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
