package io.fleetglance.agent.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a call's end is read: trailers, HTTP statuses, percent-encoded messages, code names. */
class GrpcStatusTest {

    private static Hpack.Header h(String name, String value) {
        return new Hpack.Header(name, value);
    }

    @Test
    void trailersGiveTheCodeAndTheDecodedMessage() {
        assertEquals(new GrpcStatus(6, "name 'a' held (100% sure)"), GrpcStatus.fromTrailers(
                List.of(h("grpc-status", "6"), h("grpc-message", "name 'a' held (100%25 sure)")), "hub:1"));
        assertEquals(new GrpcStatus(0, null), GrpcStatus.fromTrailers(List.of(h("grpc-status", "0")), "hub:1"));
        assertEquals(new GrpcStatus(GrpcStatus.UNKNOWN, "hub:1 ended the call without grpc-status"),
                GrpcStatus.fromTrailers(List.of(h("x", "y")), "hub:1"));
        assertEquals(new GrpcStatus(GrpcStatus.UNKNOWN, "grpc-status 'six' from hub:1"),
                GrpcStatus.fromTrailers(List.of(h("grpc-status", "six")), "hub:1"));
    }

    @Test
    void httpStatusesMapAsGrpcSays() {
        assertEquals("UNIMPLEMENTED: HTTP status 404 from hub:1", GrpcStatus.fromHttpStatus("404", "hub:1").toString());
        assertEquals(GrpcStatus.UNAVAILABLE, GrpcStatus.fromHttpStatus("503", "h").code());
        assertEquals(GrpcStatus.UNAUTHENTICATED, GrpcStatus.fromHttpStatus("401", "h").code());
        assertEquals(GrpcStatus.PERMISSION_DENIED, GrpcStatus.fromHttpStatus("403", "h").code());
        assertEquals(GrpcStatus.INTERNAL, GrpcStatus.fromHttpStatus("400", "h").code());
        assertEquals(GrpcStatus.UNKNOWN, GrpcStatus.fromHttpStatus("418", "h").code());
    }

    @Test
    void percentDecoding() {
        assertEquals("a b", GrpcStatus.percentDecode("a b"));
        assertEquals("100% ü", GrpcStatus.percentDecode("100%25 %C3%BC"));
        assertEquals("bad %zz and %4", GrpcStatus.percentDecode("bad %zz and %4"));
    }

    @Test
    void codeNames() {
        assertEquals("OK", GrpcStatus.codeName(0));
        assertEquals("UNAUTHENTICATED", GrpcStatus.codeName(16));
        assertEquals("UNKNOWN", new GrpcStatus(99, null).codeName());
        assertEquals("CANCELLED", new GrpcStatus(1, "").toString());
    }
}
