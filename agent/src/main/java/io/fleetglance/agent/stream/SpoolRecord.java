package io.fleetglance.agent.stream;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The bytes of one spool record: the sample's length, a CRC32C of everything after it, the seq, the wall time and the
 * period it was taken at, then the sample exactly as it goes on the wire. Seq, time and period are outside the sample
 * so that the spool is read back without parsing a single sample.
 */
final class SpoolRecord {

    /** Payload length, CRC32C, seq, wall time, period. */
    static final int HEADER = 4 + 4 + 8 + 8 + 4;
    private static final int CRC_FROM = 8;

    private SpoolRecord() {
    }

    /** A record with room for a sample of {@code payloadLength} bytes at offset {@link #HEADER}. */
    static byte[] allocate(int payloadLength) {
        return new byte[HEADER + payloadLength];
    }

    /** Fills the header of a record whose sample is already in place. */
    static void seal(byte[] record, long seq, long wallUs, int periodMs) {
        ByteBuffer b = ByteBuffer.wrap(record);
        b.putInt(0, record.length - HEADER);
        b.putLong(8, seq);
        b.putLong(16, wallUs);
        b.putInt(24, periodMs);
        b.putInt(4, crc(record));
    }

    /** Whether the CRC stored in a whole record matches its bytes. */
    static boolean sound(byte[] record) {
        return ByteBuffer.wrap(record).getInt(4) == crc(record);
    }

    private static int crc(byte[] record) {
        CRC32C crc = new CRC32C();
        crc.update(record, CRC_FROM, record.length - CRC_FROM);
        return (int) crc.getValue();
    }

    static int payloadLength(ByteBuffer header) {
        return header.getInt(0);
    }

    static long seq(byte[] record) {
        return ByteBuffer.wrap(record).getLong(8);
    }

    static long wallUs(byte[] record) {
        return ByteBuffer.wrap(record).getLong(16);
    }

    static int periodMs(byte[] record) {
        return ByteBuffer.wrap(record).getInt(24);
    }
}
