package io.fleetglance.agent.stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fleetglance.proto.Sample;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The samples taken but not yet acknowledged by the hub, oldest first. Bounded in count and in bytes (a sample of a
 * busy host weighs tens of KB, and the agent's heap is small): when either bound is reached, the oldest samples are
 * dropped and counted, so a long outage costs the oldest history, never the agent's memory. Samples wait encoded: a
 * process table takes about three times its encoded size as objects.
 */
public final class Outbox {

    /** What the default outbox may hold: well inside the agent's heap, whatever the host's size. */
    public static final long DEFAULT_CAPACITY_BYTES = io.fleetglance.agent.AgentSettings.DEFAULT_OUTBOX_BYTES;

    private final int capacity;
    private final long capacityBytes;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long bytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private long dropped;
    private long ackedSeq;

    /** One waiting sample: its seq, and the sample encoded. */
    private record Pending(long seq, ByteString encoded) {
        Sample sample() {
            try {
                return Sample.parseFrom(encoded);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("a sample the agent encoded itself could not be read back", e);
            }
        }
    }

    public Outbox(int capacity) {
        this(capacity, DEFAULT_CAPACITY_BYTES);
    }

    /** @param capacityBytes the most the pending samples may weigh, encoded; the newest one is always kept */
    public Outbox(int capacity, long capacityBytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("outbox capacity must be at least 1, got " + capacity);
        }
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("outbox capacity in bytes must be at least 1, got " + capacityBytes);
        }
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
    }

    /** Adds a new sample; returns true when the oldest pending sample had to be dropped to make room. */
    public boolean add(Sample sample) {
        lock.lock();
        try {
            boolean droppedOne = false;
            ByteString encoded = sample.toByteString();
            int size = encoded.size();
            while (!pending.isEmpty() && (pending.size() >= capacity || bytes + size > capacityBytes)) {
                bytes -= pending.removeFirst().encoded().size();
                dropped++;
                droppedOne = true;
            }
            pending.addLast(new Pending(sample.getSeq(), encoded));
            bytes += size;
            arrived.signalAll();
            return droppedOne;
        } finally {
            lock.unlock();
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
                bytes -= pending.removeFirst().encoded().size();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest pending sample whose seq is above {@code cursor}, waiting up to {@code timeoutMs} for one to arrive;
     * null when none came in time.
     */
    public Sample nextAfter(long cursor, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try {
            while (true) {
                Iterator<Pending> it = pending.iterator();
                while (it.hasNext()) {
                    Pending p = it.next();
                    if (p.seq() > cursor) {
                        return p.sample();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                arrived.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every thread waiting in {@link #nextAfter}, e.g. when a stream ends. */
    public void wakeWaiters() {
        lock.lock();
        try {
            arrived.signalAll();
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

    /** How many samples were dropped because the outbox was full, since it was made. */
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
}
