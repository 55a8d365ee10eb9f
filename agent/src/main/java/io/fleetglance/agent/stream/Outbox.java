package io.fleetglance.agent.stream;

import io.fleetglance.proto.Sample;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The samples taken but not yet acknowledged by the hub, oldest first. Bounded: when full, the oldest sample is
 * dropped and counted, so a long outage costs the oldest history, never the agent's memory.
 */
public final class Outbox {

    private final int capacity;
    private final ArrayDeque<Sample> pending = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private long dropped;
    private long ackedSeq;

    public Outbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("outbox capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds a new sample; returns true when the oldest pending sample had to be dropped to make room. */
    public boolean add(Sample sample) {
        lock.lock();
        try {
            boolean droppedOne = false;
            if (pending.size() == capacity) {
                pending.removeFirst();
                dropped++;
                droppedOne = true;
            }
            pending.addLast(sample);
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
            while (!pending.isEmpty() && pending.peekFirst().getSeq() <= seq) {
                pending.removeFirst();
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
                Iterator<Sample> it = pending.iterator();
                while (it.hasNext()) {
                    Sample s = it.next();
                    if (s.getSeq() > cursor) {
                        return s;
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

    /** The seq of the oldest pending sample, or 0 when nothing is pending. */
    public long oldestSeq() {
        lock.lock();
        try {
            return pending.isEmpty() ? 0 : pending.peekFirst().getSeq();
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
