package io.fleetglance.agent.stream;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's small state file: up to which seq its records are done with (acknowledged or dropped) and how many
 * were dropped in all. Written in place into one of two slots in turn, each with a counter and a CRC32C, so that a
 * write torn by a power cut leaves the other slot, one step older, to read back.
 */
final class SpoolState implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(SpoolState.class);
    private static final int SLOT = 32;

    /** What the file says. */
    record Values(long doneSeq, long dropped) {
    }

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer slot = ByteBuffer.allocate(SLOT);
    private long counter;
    private long doneSeq = -1;
    private long dropped = -1;

    SpoolState(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        // two agents writing one spool would tear each other's records
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("the outbox in " + file.getParent() + " is in use by another agent (the same --name"
                    + " with the same --state-dir): give each agent its own name or state dir");
        }
    }

    /** Reads the newest sound slot; a file with none (new, or both slots damaged) reads as nothing done. */
    Values read() throws IOException {
        long size = channel.size();
        Values best = new Values(0, 0);
        long bestCounter = 0;
        boolean damaged = false;
        for (int i = 0; i < 2 && (i + 1) * SLOT <= size; i++) {
            ByteBuffer b = ByteBuffer.allocate(SLOT);
            Spool.readFully(channel, b, (long) i * SLOT);
            long c = b.getLong(0);
            if (b.getInt(24) != crc(b)) {
                damaged = true;
                continue;
            }
            if (c > bestCounter) {
                bestCounter = c;
                best = new Values(b.getLong(8), b.getLong(16));
            }
        }
        if (size > 0 && bestCounter == 0) {
            log.warn("spool state file {} is damaged ({} bytes, no sound slot): every sample the spool holds will be"
                    + " offered to the hub again", file, size);
        } else if (damaged) {
            log.warn("spool state file {}: one slot was torn; using the other, one write older", file);
        }
        counter = bestCounter;
        doneSeq = best.doneSeq();
        dropped = best.dropped();
        return best;
    }

    /** Writes new values into the older slot; nothing when they did not change. Not forced to the disk. */
    void write(long newDoneSeq, long newDropped) throws IOException {
        if (newDoneSeq == doneSeq && newDropped == dropped) {
            return;
        }
        counter++;
        slot.clear();
        slot.putLong(0, counter).putLong(8, newDoneSeq).putLong(16, newDropped).putInt(28, 0);
        slot.putInt(24, crc(slot));
        Spool.writeFully(channel, slot, (counter & 1) * SLOT);
        doneSeq = newDoneSeq;
        dropped = newDropped;
    }

    void force() throws IOException {
        channel.force(false);
    }

    private static int crc(ByteBuffer b) {
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 24);
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
