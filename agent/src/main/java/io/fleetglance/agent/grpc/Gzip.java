package io.fleetglance.agent.grpc;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gRPC's {@code gzip} message encoding with the JDK's own deflater (RFC 1952: a 10-byte header, the deflated bytes,
 * CRC-32 and length). One instance per call, reused for every message, so a message costs no native allocation; the
 * deflater's native memory goes with the instance (the JDK's cleaner), so a send racing the call's end never finds it
 * freed.
 */
final class Gzip {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final CRC32 crc = new CRC32();
    private final byte[] chunk = new byte[16 * 1024];

    /** {@code length} bytes of {@code data} from {@code off}, gzipped. */
    synchronized byte[] compress(byte[] data, int off, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length / 3 + 64);
        out.write(HEADER, 0, HEADER.length);
        deflater.reset();
        deflater.setInput(data, off, length);
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(chunk);
            out.write(chunk, 0, n);
        }
        crc.reset();
        crc.update(data, off, length);
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, length);
        return out.toByteArray();
    }

    private static void writeIntLe(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
