package io.fleetglance.agent.stream;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's samples on disk, so that a killed agent resends them when it comes back: append-only segment files of
 * records, each with its length and a CRC32C, plus a small state file saying up to which seq the records are done
 * with (acknowledged by the hub or dropped) and how many were dropped.
 *
 * <p>Every record goes to the operating system as it is added, so a {@code kill -9} loses nothing. The files are
 * forced to the disk at most every {@link #FORCE_INTERVAL_NANOS 10 s} (when something was written since), when a
 * segment is rolled and when the spool closes: a power cut costs at most the last 10 s, and a sample never costs an
 * fsync of its own. A record torn by such a cut, or one whose CRC does not match, is lost alone and logged once with
 * its file. Not thread-safe: the {@link Outbox} calls it under its lock.
 */
final class Spool implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    /** The first bytes of every segment: the format and its version. */
    static final byte[] MAGIC = "FGSPOOL1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = SpoolRecord.HEADER;
    static final String STATE_FILE = "spool.state";
    static final long FORCE_INTERVAL_NANOS = 10_000_000_000L;
    /** The largest record accepted back from disk: far above any sample, far below the agent's heap. */
    private static final int MAX_RECORD = 16 * 1024 * 1024;

    /** Where one record lies, and what it says about itself without being parsed. */
    record Location(long seq, long wallUs, int periodMs, long segment, long offset, int length) {
    }

    /** What was on disk when the spool opened. */
    record Recovered(List<Location> pending, long doneSeq, long dropped, Location last) {
    }

    private final Path dir;
    private final long segmentBytes;
    private final SpoolState state;
    /** Open segments by the seq of their first record; the last one is appended to. */
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final Recovered recovered;
    private long lastForce = System.nanoTime();
    private boolean dirty;
    private boolean closed;

    private static final class Segment {
        final Path path;
        final FileChannel channel;
        long size;
        long lastSeq;

        Segment(Path path, FileChannel channel, long size) {
            this.path = path;
            this.channel = channel;
            this.size = size;
        }
    }

    private Spool(Path dir, long segmentBytes) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.state = new SpoolState(dir.resolve(STATE_FILE));
        try {
            this.recovered = recover();
        } catch (IOException | RuntimeException e) {
            for (Segment s : segments.values()) {
                s.channel.close();
            }
            state.close();
            throw e;
        }
    }

    /**
     * Opens the spool in {@code dir}, making it when needed, and reads back what it holds.
     *
     * @param segmentBytes the size after which a new segment is begun
     * @throws IOException naming the directory or file when it cannot be written or read
     */
    static Spool open(Path dir, long segmentBytes) throws IOException {
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new AccessDeniedException(dir.toString());
            }
            return new Spool(dir, segmentBytes);
        } catch (FileSystemException e) {
            throw new IOException("cannot keep the outbox in " + dir + ": " + describe(e)
                    + "; give --state-dir a directory this agent may write", e);
        }
    }

    private static String describe(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getFile() + ")";
        }
        if (e instanceof FileAlreadyExistsException) {
            return e.getFile() + " exists and is not a directory";
        }
        return e.getReason() == null ? e.toString() : e.getReason() + " (" + e.getFile() + ")";
    }

    Recovered recovered() {
        return recovered;
    }

    private Recovered recover() throws IOException {
        SpoolState.Values values = state.read();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> segmentSeq(p.getFileName().toString()) >= 0).sorted().toList();
        }
        List<Location> pending = new ArrayList<>();
        Location last = null;
        for (Path file : files) {
            long first = segmentSeq(file.getFileName().toString());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Segment segment = new Segment(file, channel, 0);
            segments.put(first, segment);
            for (Location l : scan(first, segment)) {
                last = l;
                segment.lastSeq = l.seq();
                if (l.seq() > values.doneSeq()) {
                    pending.add(l);
                }
            }
        }
        // Segments wholly done with may outlive a crash between the state write and their deletion.
        release(values.doneSeq());
        return new Recovered(List.copyOf(pending), values.doneSeq(), values.dropped(), last);
    }

    /** Reads every sound record of one segment; cuts a torn tail off so that appending goes on cleanly. */
    private List<Location> scan(long first, Segment segment) throws IOException {
        FileChannel ch = segment.channel;
        long size = ch.size();
        List<Location> found = new ArrayList<>();
        if (size < MAGIC.length) {
            // a segment torn while it was being made: begin it again
            log.warn("spool file {} was cut short before its first record ({} bytes); starting it again",
                    segment.path, size);
            ch.truncate(0);
            writeFully(ch, ByteBuffer.wrap(MAGIC), 0);
            segment.size = MAGIC.length;
            return found;
        }
        ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
        readFully(ch, magic, 0);
        if (!Arrays.equals(magic.array(), MAGIC)) {
            throw new IOException(segment.path + " is not an outbox spool segment of this agent version (bad magic);"
                    + " move it out of " + dir);
        }
        long pos = MAGIC.length;
        int badCrc = 0;
        long tornAt = -1;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        long previous = first - 1;
        while (pos < size) {
            if (size - pos < HEADER) {
                tornAt = pos;
                break;
            }
            header.clear();
            readFully(ch, header, pos);
            int length = SpoolRecord.payloadLength(header);
            if (length < 0 || length > MAX_RECORD || pos + HEADER + length > size) {
                // a length that runs past the end: the last write was torn (or its header is damaged)
                tornAt = pos;
                break;
            }
            byte[] record = SpoolRecord.allocate(length);
            readFully(ch, ByteBuffer.wrap(record), pos);
            if (!SpoolRecord.sound(record)) {
                if (pos + record.length == size) {
                    tornAt = pos;
                    break;
                }
                badCrc++;
            } else if (SpoolRecord.seq(record) > previous) {
                previous = SpoolRecord.seq(record);
                found.add(new Location(previous, SpoolRecord.wallUs(record), SpoolRecord.periodMs(record), first, pos,
                        length));
            }
            pos += record.length;
        }
        if (tornAt >= 0) {
            log.warn("spool file {}: the last record was torn (from offset {} of {} bytes); it is lost, the rest kept",
                    segment.path, tornAt, size);
            ch.truncate(tornAt);
            pos = tornAt;
        }
        if (badCrc > 0) {
            log.warn("spool file {}: {} record(s) failed their CRC check and are lost; the others are kept",
                    segment.path, badCrc);
        }
        segment.size = pos;
        return found;
    }

    /**
     * Writes one sealed record (see {@link SpoolRecord}) at the end of the active segment, rolling to a new segment
     * when it is full.
     */
    Location append(byte[] record) throws IOException {
        if (closed) {
            throw new IOException("the spool in " + dir + " is closed");
        }
        long seq = SpoolRecord.seq(record);
        Map.Entry<Long, Segment> active = segments.lastEntry();
        if (active == null || active.getValue().size >= segmentBytes) {
            active = roll(seq);
        }
        Segment segment = active.getValue();
        long offset = segment.size;
        writeFully(segment.channel, ByteBuffer.wrap(record), offset);
        segment.size += record.length;
        segment.lastSeq = seq;
        dirty = true;
        if (System.nanoTime() - lastForce >= FORCE_INTERVAL_NANOS) {
            force();
        }
        return new Location(seq, SpoolRecord.wallUs(record), SpoolRecord.periodMs(record), active.getKey(), offset,
                record.length - HEADER);
    }

    private Map.Entry<Long, Segment> roll(long firstSeq) throws IOException {
        if (!segments.isEmpty()) {
            segments.lastEntry().getValue().channel.force(false);
        }
        Path file = dir.resolve(segmentName(firstSeq));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        writeFully(channel, ByteBuffer.wrap(MAGIC), 0);
        Segment segment = new Segment(file, channel, MAGIC.length);
        segments.put(firstSeq, segment);
        return segments.lastEntry();
    }

    /** The sample bytes of one record, as they were appended. */
    byte[] read(Location location) throws IOException {
        Segment segment = segments.get(location.segment());
        if (segment == null) {
            throw new IOException("spool segment of seq " + location.seq() + " is gone");
        }
        ByteBuffer payload = ByteBuffer.allocate(location.length());
        readFully(segment.channel, payload, location.offset() + HEADER);
        return payload.array();
    }

    /**
     * Records that every record up to {@code doneSeq} is done with ({@code dropped} samples dropped in all), and
     * deletes the segments that hold nothing else; the active segment stays, for it holds the last seq taken.
     */
    void release(long doneSeq, long dropped) throws IOException {
        if (closed) {
            return;
        }
        state.write(doneSeq, dropped);
        dirty = true;
        release(doneSeq);
    }

    private void release(long doneSeq) throws IOException {
        while (segments.size() > 1) {
            Map.Entry<Long, Segment> oldest = segments.firstEntry();
            if (oldest.getValue().lastSeq > doneSeq) {
                break;
            }
            segments.pollFirstEntry();
            oldest.getValue().channel.close();
            Files.deleteIfExists(oldest.getValue().path);
        }
    }

    /** Forces what was written to the disk. */
    void force() throws IOException {
        if (dirty) {
            if (!segments.isEmpty()) {
                segments.lastEntry().getValue().channel.force(false);
            }
            state.force();
            dirty = false;
        }
        lastForce = System.nanoTime();
    }

    /** What the segment files take on disk. */
    long diskBytes() {
        long total = 0;
        for (Segment s : segments.values()) {
            total += s.size;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            force();
        } finally {
            for (Segment s : segments.values()) {
                s.channel.close();
            }
            segments.clear();
            state.close();
        }
    }

    /** A segment's file name: its first seq, padded so that names sort as seqs do. */
    static String segmentName(long firstSeq) {
        return String.format("segment-%020d.spool", firstSeq);
    }

    /** The first seq a segment's file name gives, or -1 for a name that is not a segment's. */
    static long segmentSeq(String name) {
        if (!name.startsWith("segment-") || !name.endsWith(".spool") || name.length() != 8 + 20 + 6) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(8, 28));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of spool file at offset " + at);
            }
            at += n;
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += ch.write(buffer, at);
        }
    }
}
