package io.fleetglance.agent.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Ack;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.Welcome;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** gRPC's length-prefixed messages: framed to send, and reassembled from DATA however the bytes are cut. */
class GrpcMessagesTest {

    private final List<byte[]> got = new ArrayList<>();
    private final GrpcMessages messages = new GrpcMessages(1 << 20, "hub:1", got::add);

    @Test
    void framedMessagesCarryTheirLengthAfterAnUncompressedFlag() throws Exception {
        HubMessage m = HubMessage.newBuilder().setAck(Ack.newBuilder().setSeq(300)).build();
        byte[] framed = GrpcMessages.frame(m);
        assertEquals(5 + m.getSerializedSize(), framed.length);
        assertEquals(0, framed[0]);
        assertEquals(m.getSerializedSize(), Http2.getInt(framed, 1));
        assertEquals(m, HubMessage.parseFrom(Arrays.copyOfRange(framed, 5, framed.length)));
    }

    @Test
    void messagesAreReassembledWhereverTheFramesCutThem() throws Exception {
        Random random = new Random(11);
        List<HubMessage> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            HubMessage m = i % 7 == 0 ? HubMessage.getDefaultInstance()   // an empty message: a bare prefix
                    : HubMessage.newBuilder().setWelcome(Welcome.newBuilder().setHubVersion("v".repeat(
                            random.nextInt(40_000)))).build();
            sent.add(m);
            stream.writeBytes(GrpcMessages.frame(m));
        }
        byte[] all = stream.toByteArray();
        for (int at = 0; at < all.length; ) {
            int n = Math.min(all.length - at, random.nextInt(3) == 0 ? 1 + random.nextInt(4) : random.nextInt(16_384));
            messages.accept(all, at, n);
            at += n;
        }
        assertEquals(sent.size(), got.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i), HubMessage.parseFrom(got.get(i)), "message " + i);
        }
        assertFalse(messages.partial());
    }

    @Test
    void aMessageCutShortIsPartial() throws Exception {
        byte[] framed = GrpcMessages.frame(HubMessage.newBuilder().setAck(Ack.newBuilder().setSeq(9)).build());
        messages.accept(framed, 0, 3);
        assertTrue(messages.partial(), "inside the prefix");
        messages.accept(framed, 3, framed.length - 4);
        assertTrue(messages.partial(), "inside the message");
        messages.accept(framed, framed.length - 1, 1);
        assertFalse(messages.partial());
        assertEquals(1, got.size());
        assertArrayEquals(Arrays.copyOfRange(framed, 5, framed.length), got.get(0));
    }

    @Test
    void compressedAndOversizedMessagesAreRefused() {
        byte[] compressed = {1, 0, 0, 0, 1, 42};
        Http2.ProtocolError e = assertThrows(Http2.ProtocolError.class,
                () -> messages.accept(compressed, 0, compressed.length));
        assertEquals("compressed message from hub:1, though none was offered", e.getMessage());
        byte[] huge = {0, 0, 0x10, 0, 1};   // 1 MiB + 1
        GrpcMessages fresh = new GrpcMessages(1 << 20, "hub:1", got::add);
        GrpcMessages.TooLarge t = assertThrows(GrpcMessages.TooLarge.class, () -> fresh.accept(huge, 0, 5));
        assertEquals("message of 1048577 bytes from hub:1, over the limit of 1048576", t.getMessage());
        byte[] negative = {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        GrpcMessages other = new GrpcMessages(1 << 20, "hub:1", got::add);
        assertThrows(GrpcMessages.TooLarge.class, () -> other.accept(negative, 0, 5));
        assertTrue(got.isEmpty());
    }
}
