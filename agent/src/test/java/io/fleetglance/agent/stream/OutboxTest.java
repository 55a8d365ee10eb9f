package io.fleetglance.agent.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Sample;
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
        assertEquals(7, outbox.nextAfter(0, 10).getSeq());
        assertEquals(8, outbox.nextAfter(7, 10).getSeq());
        assertNull(outbox.nextAfter(8, 30));
    }

    @Test
    void nextAfterWakesWhenASampleArrives() throws Exception {
        Outbox outbox = new Outbox(10);
        Thread producer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            outbox.add(seq(1));
        });
        producer.start();
        Sample s = outbox.nextAfter(0, 5_000);
        producer.join();
        assertEquals(1, s.getSeq());
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
