package io.fleetglance.agent.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Sample;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private static Sample seq(long n) {
        return Sample.newBuilder().setSeq(n).build();
    }

    @Test
    void dropsAndCountsTheOldestWhenFull() {
        Outbox outbox = new Outbox(3);
        assertFalse(outbox.add(seq(1)));
        assertFalse(outbox.add(seq(2)));
        assertFalse(outbox.add(seq(3)));
        assertTrue(outbox.add(seq(4)));
        assertTrue(outbox.add(seq(5)));
        assertEquals(3, outbox.size());
        assertEquals(2, outbox.dropped());
        assertEquals(3, outbox.oldestSeq());
    }

    @Test
    void ackForgetsEverythingUpToTheSeq() {
        Outbox outbox = new Outbox(10);
        for (int i = 1; i <= 5; i++) {
            outbox.add(seq(i));
        }
        outbox.ackUpTo(3);
        assertEquals(2, outbox.size());
        assertEquals(4, outbox.oldestSeq());
        assertEquals(3, outbox.ackedSeq());
        outbox.ackUpTo(2); // a late, lower ack changes nothing
        assertEquals(3, outbox.ackedSeq());
        assertEquals(2, outbox.size());
    }

    @Test
    void nextAfterWalksPendingSamplesInOrder() throws Exception {
        Outbox outbox = new Outbox(10);
        outbox.add(seq(7));
        outbox.add(seq(8));
        assertEquals(7, outbox.nextAfter(0, 10).seq());
        assertEquals(8, outbox.nextAfter(7, 10).seq());
        assertNull(outbox.nextAfter(8, 30));
    }

    @Test
    void nextAfterWakesWhenASampleArrives() throws Exception {
        Outbox outbox = new Outbox(10);
        AtomicReference<Outbox.PendingSample> got = new AtomicReference<>();
        // the taker would wait ten minutes unless the sample's arrival wakes it
        Thread taker = new Thread(() -> {
            try {
                got.set(outbox.nextAfter(0, 600_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!outbox.hasWaiters() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(outbox.hasWaiters(), "the taker waits for a sample");
            outbox.add(seq(1));
            taker.join(30_000);
            assertFalse(taker.isAlive(), "adding a sample woke the waiting taker");
            assertEquals(1, got.get().seq());
        } finally {
            taker.interrupt();
        }
    }

    @Test
    void aWakeMakesTheWaitingTakerReturnAtOnceWithoutASample() throws Exception {
        Outbox outbox = new Outbox(10);
        AtomicReference<Outbox.PendingSample> got = new AtomicReference<>();
        AtomicBoolean returned = new AtomicBoolean();
        Thread taker = new Thread(() -> {
            try {
                got.set(outbox.nextAfter(0, 600_000));
                returned.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!outbox.hasWaiters() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(outbox.hasWaiters(), "the taker waits for a sample");
            outbox.wakeWaiters();
            taker.join(30_000);
            assertTrue(returned.get(), "the wake ended a ten-minute wait");
            assertNull(got.get());
        } finally {
            taker.interrupt();
        }
    }

    @Test
    void aWakeBeforeTheWaitIsNotLostAndCountsOnce() throws Exception {
        Outbox outbox = new Outbox(10);
        outbox.wakeWaiters();
        long start = System.nanoTime();
        assertNull(outbox.nextAfter(0, 600_000), "the wake that came first ends the wait");
        assertTrue(System.nanoTime() - start < 60_000_000_000L);
        // the wake is spent: a sample is waited for again, and a pending one goes before any wake
        outbox.add(seq(1));
        outbox.wakeWaiters();
        assertEquals(1, outbox.nextAfter(0, 600_000).seq());
        assertNull(outbox.nextAfter(1, 600_000));
        assertNull(outbox.nextAfter(1, 20), "no wake left: the short wait times out");
    }

    @Test
    void handsOutTheBytesItEncodedOnce() throws Exception {
        Outbox outbox = new Outbox(10);
        Sample sample = Sample.newBuilder().setSeq(3).setWallTimeUs(1_795_000_000_000_000L).setDroppedSamples(2)
                .build();
        outbox.add(sample);
        assertEquals(sample.toByteString(), outbox.nextAfter(0, 10).encoded());
    }

    @Test
    void refusesANonPositiveCapacity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Outbox(0));
        assertTrue(e.getMessage().contains("at least 1"));
    }

    @Test
    void dropsTheOldestWhenTheBytesWouldOverflow() {
        // the five samples differ only in a one-byte seq: they all encode to the same size
        Sample one = Sample.newBuilder().setSeq(1).setWallTimeUs(1_795_000_000_000_000L).build();
        int size = one.getSerializedSize();
        Outbox outbox = new Outbox(1000, 3L * size);
        for (int i = 1; i <= 5; i++) {
            outbox.add(one.toBuilder().setSeq(i).build());
        }
        assertEquals(3, outbox.size(), "three samples' worth of bytes");
        assertEquals(2, outbox.dropped());
        assertEquals(3, outbox.oldestSeq());
        assertEquals(3L * size, outbox.bytes());
        outbox.ackUpTo(4);
        assertEquals(size, outbox.bytes(), "acknowledged samples give their bytes back");
    }
}
