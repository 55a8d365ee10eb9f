package io.fleetglance.agent.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * HPACK (RFC 7541), as much as one gRPC call needs: a full decoder (static and dynamic tables, Huffman strings) for
 * what the server sends, and an encoder that writes every header as a literal that is never indexed, so the server
 * never has to keep a table for us.
 */
final class Hpack {

    /** A decoded header field. */
    record Header(String name, String value) {
    }

    private static final String[][] STATIC_TABLE = {
        {":authority", ""},
        {":method", "GET"},
        {":method", "POST"},
        {":path", "/"},
        {":path", "/index.html"},
        {":scheme", "http"},
        {":scheme", "https"},
        {":status", "200"},
        {":status", "204"},
        {":status", "206"},
        {":status", "304"},
        {":status", "400"},
        {":status", "404"},
        {":status", "500"},
        {"accept-charset", ""},
        {"accept-encoding", "gzip, deflate"},
        {"accept-language", ""},
        {"accept-ranges", ""},
        {"accept", ""},
        {"access-control-allow-origin", ""},
        {"age", ""},
        {"allow", ""},
        {"authorization", ""},
        {"cache-control", ""},
        {"content-disposition", ""},
        {"content-encoding", ""},
        {"content-language", ""},
        {"content-length", ""},
        {"content-location", ""},
        {"content-range", ""},
        {"content-type", ""},
        {"cookie", ""},
        {"date", ""},
        {"etag", ""},
        {"expect", ""},
        {"expires", ""},
        {"from", ""},
        {"host", ""},
        {"if-match", ""},
        {"if-modified-since", ""},
        {"if-none-match", ""},
        {"if-range", ""},
        {"if-unmodified-since", ""},
        {"last-modified", ""},
        {"link", ""},
        {"location", ""},
        {"max-forwards", ""},
        {"proxy-authenticate", ""},
        {"proxy-authorization", ""},
        {"range", ""},
        {"referer", ""},
        {"refresh", ""},
        {"retry-after", ""},
        {"server", ""},
        {"set-cookie", ""},
        {"strict-transport-security", ""},
        {"transfer-encoding", ""},
        {"user-agent", ""},
        {"vary", ""},
        {"via", ""},
        {"www-authenticate", ""}
    };

    private Hpack() {
    }

    /** The value of the first header named {@code name}, or null. */
    static String value(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.name().equals(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** Appends a literal header field without indexing (RFC 7541 §6.2.2), with a literal name and a raw value. */
    static void writeLiteral(ByteArrayOutputStream out, String name, String value) {
        out.write(0x00);
        writeString(out, name);
        writeString(out, value);
    }

    /** Appends a literal header field without indexing whose name is static-table entry {@code nameIndex}. */
    static void writeLiteral(ByteArrayOutputStream out, int nameIndex, String value) {
        writeInteger(out, 0x00, 4, nameIndex);
        writeString(out, value);
    }

    /** Appends a header field that is wholly static-table entry {@code index} (RFC 7541 §6.1). */
    static void writeIndexed(ByteArrayOutputStream out, int index) {
        writeInteger(out, 0x80, 7, index);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        writeInteger(out, 0x00, 7, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    /** RFC 7541 §5.1: an integer in an N-bit prefix, the rest of the first byte being {@code flags}. */
    static void writeInteger(ByteArrayOutputStream out, int flags, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(flags | value);
            return;
        }
        out.write(flags | max);
        value -= max;
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** Decodes the header blocks of one connection, in order, keeping the dynamic table they build. */
    static final class Decoder {
        private final ArrayDeque<Header> dynamic = new ArrayDeque<>(); // newest first
        private final int maxTableSize;
        private int tableCapacity;
        private int tableSize;
        private final int maxHeaderListSize;

        /**
         * @param maxTableSize      SETTINGS_HEADER_TABLE_SIZE we announced (4096 by default)
         * @param maxHeaderListSize the most bytes of decoded headers accepted in one block
         */
        Decoder(int maxTableSize, int maxHeaderListSize) {
            this.maxTableSize = maxTableSize;
            this.tableCapacity = maxTableSize;
            this.maxHeaderListSize = maxHeaderListSize;
        }

        List<Header> decode(byte[] block, int offset, int length) throws IOException {
            List<Header> headers = new ArrayList<>();
            int[] pos = {offset};
            int end = offset + length;
            int listSize = 0;
            while (pos[0] < end) {
                int b = block[pos[0]] & 0xff;
                Header header;
                if ((b & 0x80) != 0) {                       // indexed header field
                    header = entry(readInteger(block, pos, end, 7));
                } else if ((b & 0xc0) == 0x40) {             // literal with incremental indexing
                    header = readLiteral(block, pos, end, 6);
                    add(header);
                } else if ((b & 0xe0) == 0x20) {             // dynamic table size update
                    int size = readInteger(block, pos, end, 5);
                    if (size > maxTableSize) {
                        throw new IOException("HPACK table size update " + size + " over the announced " + maxTableSize);
                    }
                    tableCapacity = size;
                    evict();
                    continue;
                } else {                                     // literal without indexing (0000) or never indexed (0001)
                    header = readLiteral(block, pos, end, 4);
                }
                listSize += header.name().length() + header.value().length() + 32;
                if (listSize > maxHeaderListSize) {
                    throw new IOException("header list over " + maxHeaderListSize + " bytes");
                }
                headers.add(header);
            }
            return headers;
        }

        private Header readLiteral(byte[] block, int[] pos, int end, int prefixBits) throws IOException {
            int index = readInteger(block, pos, end, prefixBits);
            String name = index == 0 ? readString(block, pos, end) : entry(index).name();
            return new Header(name, readString(block, pos, end));
        }

        private Header entry(int index) throws IOException {
            if (index >= 1 && index <= STATIC_TABLE.length) {
                String[] e = STATIC_TABLE[index - 1];
                return new Header(e[0], e[1]);
            }
            int d = index - STATIC_TABLE.length - 1;
            if (index <= 0 || d >= dynamic.size()) {
                throw new IOException("HPACK index " + index + " out of range");
            }
            int i = 0;
            for (Header h : dynamic) {
                if (i++ == d) {
                    return h;
                }
            }
            throw new IllegalStateException();
        }

        private void add(Header header) {
            int size = size(header);
            if (size > tableCapacity) {      // RFC 7541 §4.4: an entry larger than the table empties it
                dynamic.clear();
                tableSize = 0;
                return;
            }
            dynamic.addFirst(header);
            tableSize += size;
            evict();
        }

        private void evict() {
            while (tableSize > tableCapacity) {
                tableSize -= size(dynamic.removeLast());
            }
        }

        private static int size(Header h) {
            return h.name().length() + h.value().length() + 32;
        }

        /** The entries of the dynamic table, newest first (for tests). */
        List<Header> table() {
            return List.copyOf(dynamic);
        }

        private String readString(byte[] block, int[] pos, int end) throws IOException {
            if (pos[0] >= end) {
                throw new IOException("truncated HPACK string");
            }
            boolean huffman = (block[pos[0]] & 0x80) != 0;
            int length = readInteger(block, pos, end, 7);
            if (length > end - pos[0]) {
                throw new IOException("truncated HPACK string");
            }
            String s = huffman ? Huffman.decode(block, pos[0], length)
                    : new String(block, pos[0], length, StandardCharsets.ISO_8859_1);
            pos[0] += length;
            return s;
        }

        private static int readInteger(byte[] block, int[] pos, int end, int prefixBits) throws IOException {
            int max = (1 << prefixBits) - 1;
            int value = block[pos[0]++] & max;
            if (value < max) {
                return value;
            }
            int shift = 0;
            while (true) {
                if (pos[0] >= end) {
                    throw new IOException("truncated HPACK integer");
                }
                int b = block[pos[0]++] & 0xff;
                if (shift > 21) {
                    throw new IOException("HPACK integer too large");
                }
                value += (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
                shift += 7;
            }
        }
    }
}
