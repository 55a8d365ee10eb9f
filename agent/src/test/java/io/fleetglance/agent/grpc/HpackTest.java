package io.fleetglance.agent.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** HPACK against RFC 7541's worked examples and against Netty's encoder and decoder (what grpc-java servers use). */
class HpackTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static List<Hpack.Header> decode(Hpack.Decoder d, String hex) throws IOException {
        byte[] b = hex(hex);
        return d.decode(b, 0, b.length);
    }

    private static Hpack.Header h(String name, String value) {
        return new Hpack.Header(name, value);
    }

    @Test
    void integersAsRfc7541AppendixC1() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Hpack.writeInteger(out, 0, 5, 10);
        assertArrayEquals(hex("0a"), out.toByteArray());
        out.reset();
        Hpack.writeInteger(out, 0, 5, 1337);
        assertArrayEquals(hex("1f9a0a"), out.toByteArray());
        out.reset();
        Hpack.writeInteger(out, 0, 8, 42);
        assertArrayEquals(hex("2a"), out.toByteArray());
    }

    /** The three requests of RFC 7541 C.3 and C.4, decoded one after the other on one connection. */
    private static final List<List<Hpack.Header>> RFC_REQUESTS = List.of(
            List.of(h(":method", "GET"), h(":scheme", "http"), h(":path", "/"), h(":authority", "www.example.com")),
            List.of(h(":method", "GET"), h(":scheme", "http"), h(":path", "/"), h(":authority", "www.example.com"),
                    h("cache-control", "no-cache")),
            List.of(h(":method", "GET"), h(":scheme", "https"), h(":path", "/index.html"),
                    h(":authority", "www.example.com"), h("custom-key", "custom-value")));

    private static void assertRequests(Hpack.Decoder d, String... blocks) throws IOException {
        for (int i = 0; i < blocks.length; i++) {
            assertEquals(RFC_REQUESTS.get(i), decode(d, blocks[i]), "request " + (i + 1));
        }
        assertEquals(List.of(h("custom-key", "custom-value"), h("cache-control", "no-cache"),
                h(":authority", "www.example.com")), d.table());
    }

    @Test
    void requestsWithoutHuffmanAsRfc7541AppendixC3() throws IOException {
        assertRequests(new Hpack.Decoder(4096, 16384),
                "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                "8286 84be 5808 6e6f 2d63 6163 6865",
                "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65");
    }

    @Test
    void requestsWithHuffmanAsRfc7541AppendixC4() throws IOException {
        assertRequests(new Hpack.Decoder(4096, 16384),
                "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
                "8286 84be 5886 a8eb 1064 9cbf",
                "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
    }

    @Test
    void aFullTableEvictsItsOldestEntries() throws IOException {
        // 256 bytes of table: literals of 63, 42 and 65 bytes (name + value + 32), then one of 93 evicts the first
        Hpack.Decoder d = new Hpack.Decoder(256, 16384);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] f : new String[][] {{"aaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"}, {"c", "ddddddddd"},
            {"eeeeeeeeeeeeeeeeeeeeeeeee", "ffffffff"}, {"g", "h".repeat(60)}}) {
            out.write(0x40);
            byte[] n = f[0].getBytes();
            byte[] v = f[1].getBytes();
            out.write(n.length);
            out.write(n, 0, n.length);
            out.write(v.length);
            out.write(v, 0, v.length);
        }
        byte[] block = out.toByteArray();
        d.decode(block, 0, block.length);
        assertEquals(List.of(h("g", "h".repeat(60)), h("eeeeeeeeeeeeeeeeeeeeeeeee", "ffffffff"),
                h("c", "ddddddddd")), d.table());
        // index 62 is the newest entry, 64 the oldest; 65 is gone
        assertEquals(List.of(h("c", "ddddddddd")), decode(d, "c0"));
        assertThrows(IOException.class, () -> decode(d, "c1"));
        // a size update to 0 empties the table
        decode(d, "20");
        assertEquals(List.of(), d.table());
    }

    @Test
    void decodesWhatNettyEncodesAcrossBlocksWithAndWithoutHuffman() throws Exception {
        Random random = new Random(7);
        for (int huffmanThreshold : new int[] {0, 512}) {
            DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder(
                    Http2HeadersEncoder.NEVER_SENSITIVE, false, 16, huffmanThreshold);
            Hpack.Decoder decoder = new Hpack.Decoder(4096, 1 << 20);
            for (int block = 0; block < 200; block++) {
                Http2Headers headers = new DefaultHttp2Headers(false);
                List<Hpack.Header> expected = new ArrayList<>();
                int n = 1 + random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    // a few names and values recur, so the dynamic table is used and evicted
                    String name = random.nextInt(3) == 0 ? "grpc-status" : "x-" + randomText(random, 1 + random.nextInt(12));
                    String value = random.nextInt(3) == 0 ? "0" : randomText(random, random.nextInt(300));
                    headers.add(name, value);
                    expected.add(h(name, value));
                }
                ByteBuf buf = Unpooled.buffer();
                encoder.encodeHeaders(1, headers, buf);
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                assertEquals(expected, decoder.decode(bytes, 0, bytes.length), "block " + block);
            }
        }
    }

    @Test
    void nettyDecodesWhatThisEncoderWrites() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Hpack.writeIndexed(out, 3);
        Hpack.writeIndexed(out, 6);
        Hpack.writeLiteral(out, 4, "/fleetglance.v1.Ingest/Connect");
        Hpack.writeLiteral(out, 1, "[::1]:61209");
        Hpack.writeLiteral(out, "content-type", "application/grpc");
        Hpack.writeLiteral(out, "user-agent", "x".repeat(300));
        Http2Headers headers = new DefaultHttp2HeadersDecoder(true).decodeHeaders(1,
                Unpooled.wrappedBuffer(out.toByteArray()));
        assertEquals(Map.of(":method", "POST", ":scheme", "http", ":path", "/fleetglance.v1.Ingest/Connect",
                ":authority", "[::1]:61209", "content-type", "application/grpc", "user-agent", "x".repeat(300)),
                toMap(headers));
    }

    @Test
    void malformedBlocksAreErrors() {
        Hpack.Decoder d = new Hpack.Decoder(4096, 16384);
        assertThrows(IOException.class, () -> decode(d, "be"), "index 62 with an empty table");
        assertThrows(IOException.class, () -> decode(d, "80"), "index 0");
        assertThrows(IOException.class, () -> decode(d, "4005 6162"), "a string cut short");
        assertThrows(IOException.class, () -> decode(d, "3fe2 1f"), "a size update to 4097, over the announced 4096");
        assertThrows(IOException.class, () -> decode(d, "0081 ff"), "Huffman padding of more than 7 bits");
        assertThrows(IOException.class, () -> decode(d, "ff ffff ffff 7f"), "an integer over 2^28");
    }

    private static Map<String, String> toMap(Http2Headers headers) {
        Map<String, String> m = new HashMap<>();
        headers.forEach(e -> m.put(e.getKey().toString(), e.getValue().toString()));
        return m;
    }

    private static String randomText(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            // printable ASCII and a few octets above it: every Huffman code length is exercised
            int c = random.nextInt(10) == 0 ? 0x80 + random.nextInt(0x80) : 0x20 + random.nextInt(0x5f);
            b.append((char) c);
        }
        return b.toString();
    }
}
