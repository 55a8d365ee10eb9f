package io.fleetglance.agent.stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.proto.Sample;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The samples taken but not yet acknowledged by the hub, oldest first. Bounded in count and in bytes (a sample of a
 * busy host weighs tens of KB, and the agent's heap is small): when either bound is reached, the oldest samples are
 * dropped and counted, so a long outage costs the oldest history, never the agent's memory or disk.
 *
 * <p>A durable outbox ({@link #durable}) keeps its samples in a {@link Spool} on disk and only their place in memory,
 * so an agent killed during a hub outage resends them when it comes back, and carries on with its seqs and its drop
 * count. Without a directory the samples wait in memory. Either way a sample is encoded once, when it is added, and
 * those bytes are what {@link #nextAfter} hands the transport.
 */
public final class Outbox implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    /** What the default outbox may hold: well inside the agent's heap, whatever the host's size. */
    public static final long DEFAULT_CAPACITY_BYTES = AgentSettings.DEFAULT_OUTBOX_BYTES;

    /**
     * One sample on its way: its seq, its bytes as they go on the wire when the sample goes whole, and the sample
     * itself when the outbox still has it (the newest one), else null.
     */
    public record PendingSample(long seq, ByteString encoded, Sample sample) {

        /** The sample, parsed from its bytes unless the outbox still had it. */
        public Sample whole() throws InvalidProtocolBufferException {
            return sample != null ? sample : Sample.parseFrom(encoded);
        }
    }

    /**
     * One waiting sample: its seq, its encoded size, and either its place in the spool or, in memory, its whole
     * record (the sample at {@link SpoolRecord#HEADER}).
     */
    private record Pending(long seq, int size, Spool.Location at, byte[] record) {
    }

    private final int capacity;
    private final long capacityBytes;
    private final Spool spool;
    private final LastTaken resumed;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long bytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** Set by {@link #wakeWaiters}, cleared by the {@link #nextAfter} it makes return null. */
    private boolean woken;
    private long dropped;
    private long ackedSeq;
    /** Every sample at or below this seq is done with: acknowledged or dropped. */
    private long doneSeq;
    private long lastAddedSeq;
    /** The newest sample added, as it was given: what the stream sends next once it has caught up. */
    private Sample newest;
    private String spoolFailure;

    public Outbox(int capacity) {
        this(capacity, DEFAULT_CAPACITY_BYTES);
    }

    /**
     * An outbox in memory.
     *
     * @param capacityBytes the most the pending samples may weigh, encoded; the newest one is always kept
     */
    public Outbox(int capacity, long capacityBytes) {
        this(capacity, capacityBytes, null);
    }

    private Outbox(int capacity, long capacityBytes, Spool spool) {
        if (capacity < 1) {
            throw new IllegalArgumentException("outbox capacity must be at least 1, got " + capacity);
        }
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("outbox capacity in bytes must be at least 1, got " + capacityBytes);
        }
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
        this.spool = spool;
        if (spool == null) {
            resumed = null;
            return;
        }
        Spool.Recovered r = spool.recovered();
        dropped = r.dropped();
        doneSeq = r.doneSeq();
        for (Spool.Location at : r.pending()) {
            pending.addLast(new Pending(at.seq(), at.length(), at, null));
            bytes += at.length();
        }
        Spool.Location last = r.last();
        lastAddedSeq = Math.max(doneSeq, last == null ? 0 : last.seq());
        resumed = last != null ? new LastTaken(last.seq(), last.wallUs(), last.periodMs())
                : doneSeq > 0 ? new LastTaken(doneSeq, 0, 0) : null;
        // the bounds may have been lowered since the spool was written
        if (dropOldest(0, 0) > 0) {
            release();
        }
        if (!pending.isEmpty()) {
            log.info("outbox: {} samples ({} bytes) from before the agent stopped wait for the hub, seqs {} to {}",
                    pending.size(), bytes, pending.peekFirst().seq(), pending.peekLast().seq());
        }
    }

    /**
     * An outbox kept in {@code dir}, with what it held when the agent stopped. The files take at most
     * {@code capacityBytes} of pending samples plus two segments of done ones (a segment is an eighth of the
     * capacity, at least 64 KiB).
     *
     * @throws IOException naming the directory or file when it cannot be written, or holds a file it cannot read
     */
    public static Outbox durable(Path dir, int capacity, long capacityBytes) throws IOException {
        long segmentBytes = Math.max(64 * 1024, capacityBytes / 8);
        return new Outbox(capacity, capacityBytes, Spool.open(dir, segmentBytes));
    }

    /** The last sample a durable outbox held when it was opened, or null (in memory, or a new spool). */
    public LastTaken resumed() {
        return resumed;
    }

    /** Adds a new sample; returns true when the oldest pending sample had to be dropped to make room. */
    public boolean add(Sample sample) {
        return add(sample, 0);
    }

    /**
     * Adds a new sample taken at {@code periodMs} (kept with it, so that a restarted agent knows how many periods it
     * missed); returns true when the oldest pending sample had to be dropped to make room.
     */
    public boolean add(Sample sample, int periodMs) {
        int size = sample.getSerializedSize();
        byte[] record = SpoolRecord.allocate(size);
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(record, SpoolRecord.HEADER, size);
            sample.writeTo(out);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("a sample could not be encoded into its own size", e);
        }
        SpoolRecord.seal(record, sample.getSeq(), sample.getWallTimeUs(), periodMs);
        lock.lock();
        try {
            boolean droppedOne = dropOldest(1, size) > 0;
            Pending p = new Pending(sample.getSeq(), size, null, record);
            if (spool != null) {
                try {
                    p = new Pending(sample.getSeq(), size, spool.append(record), null);
                    if (spoolFailure != null) {
                        log.info("outbox: writing to the spool works again");
                        spoolFailure = null;
                    }
                } catch (IOException e) {
                    spoolFailed("cannot write the spool (" + e.getMessage() + "); samples wait in memory meanwhile");
                }
            }
            pending.addLast(p);
            bytes += size;
            lastAddedSeq = Math.max(lastAddedSeq, sample.getSeq());
            newest = sample;
            if (droppedOne) {
                release();
            }
            arrived.signalAll();
            return droppedOne;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops the oldest samples until {@code count} more samples of {@code size} bytes in all fit; returns how many were
     * dropped.
     */
    private int dropOldest(int count, int size) {
        int n = 0;
        while (!pending.isEmpty() && (pending.size() + count > capacity || bytes + size > capacityBytes)) {
            Pending p = pending.removeFirst();
            bytes -= p.size();
            doneSeq = Math.max(doneSeq, p.seq());
            dropped++;
            n++;
        }
        return n;
    }

    private void release() {
        if (spool != null) {
            try {
                spool.release(doneSeq, dropped);
            } catch (IOException e) {
                spoolFailed("cannot update the spool (" + e.getMessage() + ")");
            }
        }
    }

    /** Logs a spool failure once, until it changes or writing works again. */
    private void spoolFailed(String failure) {
        if (!failure.equals(spoolFailure)) {
            log.warn("outbox: {}", failure);
            spoolFailure = failure;
        }
    }

    /** Forgets every sample with a seq at or below {@code seq}: the hub has handled them. */
    public void ackUpTo(long seq) {
        lock.lock();
        try {
            if (seq > ackedSeq) {
                ackedSeq = seq;
            }
            while (!pending.isEmpty() && pending.peekFirst().seq() <= seq) {
                bytes -= pending.removeFirst().size();
            }
            // never past the last seq taken: a hub that says more must not make later samples look done
            long done = Math.min(seq, lastAddedSeq);
            if (done > doneSeq) {
                doneSeq = done;
                release();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest pending sample whose seq is above {@code cursor}, waiting up to {@code timeoutMs} for one to arrive;
     * null when none came in time, or when {@link #wakeWaiters} was called since the last call returned null (a
     * wake that comes before the wait is not lost).
     */
    public PendingSample nextAfter(long cursor, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try {
            while (true) {
                Iterator<Pending> it = pending.iterator();
                while (it.hasNext()) {
                    Pending p = it.next();
                    if (p.seq() <= cursor) {
                        continue;
                    }
                    Sample kept = newest != null && newest.getSeq() == p.seq() ? newest : null;
                    if (p.record() != null) {
                        return new PendingSample(p.seq(),
                                UnsafeByteOperations.unsafeWrap(p.record(), SpoolRecord.HEADER, p.size()), kept);
                    }
                    try {
                        return new PendingSample(p.seq(), UnsafeByteOperations.unsafeWrap(spool.read(p.at())),
                                kept);
                    } catch (IOException e) {
                        // unreadable now is unreadable later: count it as dropped rather than stall the stream
                        log.warn("outbox: cannot read sample {} back from the spool ({}); it is dropped", p.seq(),
                                e.getMessage());
                        it.remove();
                        bytes -= p.size();
                        dropped++;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || woken) {
                    woken = false;
                    return null;
                }
                arrived.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes {@link #nextAfter} return null now, or at its next call when none waits (a stream ended, a command reply
     * to send): the taker then sees what changed without polling.
     */
    public void wakeWaiters() {
        lock.lock();
        try {
            woken = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a thread waits in {@link #nextAfter} for a sample right now (lets tests wait for that moment). */
    boolean hasWaiters() {
        lock.lock();
        try {
            return lock.hasWaiters(arrived);
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** What the pending samples weigh, encoded. */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** The seq of the oldest pending sample, or 0 when nothing is pending. */
    public long oldestSeq() {
        lock.lock();
        try {
            return pending.isEmpty() ? 0 : pending.peekFirst().seq();
        } finally {
            lock.unlock();
        }
    }

    /** How many samples were dropped because the outbox was full, since it was made (or its spool, if durable). */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** The highest seq the hub has acknowledged so far. */
    public long ackedSeq() {
        lock.lock();
        try {
            return ackedSeq;
        } finally {
            lock.unlock();
        }
    }

    /** Forces a durable outbox's files to the disk and closes them; later samples wait in memory. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (spool != null) {
                spool.close();
            }
        } catch (IOException e) {
            log.warn("outbox: closing the spool failed: {}", e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
