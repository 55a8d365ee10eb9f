package io.fleetglance.agent.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.OsFacts;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SystemReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox kept in real files: what survives a reopen, what a bound drops, what a damaged file costs. */
class DurableOutboxTest {

    private static final long T0 = 1_795_000_000_000_000L;

    /** A sample of about {@code padding} bytes, all of one size for a given padding. */
    private static Sample sample(long seq, int padding) {
        return Sample.newBuilder().setSeq(seq).setWallTimeUs(T0 + seq * 1_000_000)
                .setSystem(SystemReading.newBuilder().setOs(OsFacts.newBuilder().setHostname("h".repeat(padding))))
                .build();
    }

    private static List<Long> drain(Outbox outbox) throws InterruptedException {
        List<Long> seqs = new ArrayList<>();
        long cursor = 0;
        Outbox.PendingSample p;
        while ((p = outbox.nextAfter(cursor, 0)) != null) {
            seqs.add(p.seq());
            cursor = p.seq();
        }
        return seqs;
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Spool.segmentSeq(p.getFileName().toString()) >= 0).sorted().toList();
        }
    }

    @Test
    void keepsWhatTheHubHasNotAcknowledgedAcrossAReopen(@TempDir Path dir) throws Exception {
        try (Outbox outbox = Outbox.durable(dir, 100, 1 << 20)) {
            assertNull(outbox.resumed(), "a new spool has nothing to resume from");
            for (int i = 1; i <= 5; i++) {
                outbox.add(sample(i, 100), 1000);
            }
            outbox.ackUpTo(2);
        }
        try (Outbox outbox = Outbox.durable(dir, 100, 1 << 20)) {
            assertEquals(List.of(3L, 4L, 5L), drain(outbox));
            assertEquals(3, outbox.oldestSeq());
            assertEquals(sample(4, 100).toByteString(), outbox.nextAfter(3, 0).encoded(), "the bytes as they went in");
            assertEquals(new LastTaken(5, T0 + 5_000_000, 1000), outbox.resumed());
            assertEquals(0, outbox.dropped());
            outbox.ackUpTo(5);
            outbox.add(sample(6, 100), 1000);
        }
        try (Outbox outbox = Outbox.durable(dir, 100, 1 << 20)) {
            assertEquals(List.of(6L), drain(outbox));
            assertEquals(6, outbox.resumed().seq());
        }
    }

    @Test
    void rollsSegmentsAndDeletesThoseWhollyAcknowledged(@TempDir Path dir) throws Exception {
        // 64 KiB segments (the least); each sample about 10 KB
        try (Outbox outbox = Outbox.durable(dir, 1000, 1 << 20)) {
            for (int i = 1; i <= 30; i++) {
                outbox.add(sample(i, 10_000), 1000);
            }
            assertTrue(segments(dir).size() >= 3, "several segments: " + segments(dir));
            outbox.ackUpTo(30);
            assertEquals(1, segments(dir).size(), "only the active segment stays: " + segments(dir));
        }
        try (Outbox outbox = Outbox.durable(dir, 1000, 1 << 20)) {
            assertEquals(List.of(), drain(outbox));
            assertEquals(30, outbox.resumed().seq(), "the last seq outlives its acknowledgement");
        }
    }

    @Test
    void aFullSpoolDropsTheOldestAndTheCountSurvives(@TempDir Path dir) throws Exception {
        int size = sample(1, 200).getSerializedSize();
        try (Outbox outbox = Outbox.durable(dir, 1000, 3L * size)) {
            for (int i = 1; i <= 5; i++) {
                outbox.add(sample(i, 200), 1000);
            }
            assertEquals(2, outbox.dropped());
            assertEquals(3L * size, outbox.bytes());
        }
        try (Outbox outbox = Outbox.durable(dir, 1000, 3L * size)) {
            assertEquals(List.of(3L, 4L, 5L), drain(outbox));
            assertEquals(2, outbox.dropped(), "the drop count goes on across restarts");
        }
        // a smaller bound at the next start drops the oldest again, and counts them
        try (Outbox outbox = Outbox.durable(dir, 1000, 1L * size)) {
            assertEquals(List.of(5L), drain(outbox));
            assertEquals(4, outbox.dropped());
        }
        try (Outbox outbox = Outbox.durable(dir, 2, 1 << 20)) {
            assertEquals(List.of(5L), drain(outbox));
            outbox.add(sample(6, 200), 1000);
            outbox.add(sample(7, 200), 1000);
            assertEquals(List.of(6L, 7L), drain(outbox), "the count bound holds too");
            assertEquals(5, outbox.dropped());
        }
    }

    @Test
    void aTornLastRecordLosesOnlyItselfAndIsLoggedOnceWithItsFile(@TempDir Path dir) throws Exception {
        try (Outbox outbox = Outbox.durable(dir, 100, 1 << 20)) {
            for (int i = 1; i <= 3; i++) {
                outbox.add(sample(i, 100), 1000);
            }
        }
        Path segment = segments(dir).get(0);
        byte[] whole = Files.readAllBytes(segment);
        Files.write(segment, Arrays.copyOf(whole, whole.length - 7));
        String log = logOf(() -> {
            try (Outbox outbox = Outbox.durable(dir, 100, 1 << 20)) {
                assertEquals(List.of(1L, 2L), drain(outbox));
                assertEquals(2, outbox.resumed().seq());
                outbox.add(sample(3, 100), 1000);
            }
        });
        assertEquals(1, count(log, segment.getFileName().toString()), log);
        assertTrue(log.contains("torn"), log);
        try (Outbox outbox = Outbox.durable(dir, 100, 1 << 20)) {
            assertEquals(List.of(1L, 2L, 3L), drain(outbox), "appending went on after the cut");
        }
    }

    @Test
    void aRecordWithABadCrcInTheMiddleIsLostAloneAndLoggedOnce(@TempDir Path dir) throws Exception {
        int recordBytes = SpoolRecord.HEADER + sample(1, 100).getSerializedSize();
        try (Outbox outbox = Outbox.durable(dir, 100, 1 << 20)) {
            for (int i = 1; i <= 5; i++) {
                outbox.add(sample(i, 100), 1000);
            }
        }
        Path segment = segments(dir).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[Spool.MAGIC.length + recordBytes + SpoolRecord.HEADER + 10] ^= 0x40; // in record 2's sample
        bytes[Spool.MAGIC.length + 3 * recordBytes + SpoolRecord.HEADER + 10] ^= 0x40; // and record 4's
        Files.write(segment, bytes);
        String log = logOf(() -> {
            try (Outbox outbox = Outbox.durable(dir, 100, 1 << 20)) {
                assertEquals(List.of(1L, 3L, 5L), drain(outbox));
            }
        });
        assertEquals(1, count(log, segment.getFileName().toString()), log);
        assertTrue(log.contains("2 record(s) failed their CRC"), log);
    }

    @Test
    void aStateDirThatIsAFileGivesAClearMessage(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("state"), "not a directory");
        IOException e = assertThrows(IOException.class, () -> Outbox.durable(file.resolve("spool"), 100, 1 << 20));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("--state-dir"), e.getMessage());
        IOException e2 = assertThrows(IOException.class, () -> Outbox.durable(file, 100, 1 << 20));
        assertTrue(e2.getMessage().contains("is not a directory"), e2.getMessage());
    }

    @Test
    void aStateDirWithoutWritePermissionGivesAClearMessage(@TempDir Path dir) throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(locked),
                    "running as root: permissions do not stop root, so a read-only directory cannot be made here");
            IOException e = assertThrows(IOException.class, () -> Outbox.durable(locked.resolve("x"), 100, 1 << 20));
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
            assertTrue(e.getMessage().contains("--state-dir"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFileThatIsNotASegmentStopsTheAgentWithItsName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(Spool.segmentName(1)), "something else entirely");
        IOException e = assertThrows(IOException.class, () -> Outbox.durable(dir, 100, 1 << 20));
        assertTrue(e.getMessage().contains(Spool.segmentName(1)), e.getMessage());
    }

    @Test
    void aSpoolInUseByAnotherAgentIsRefusedWithAClearMessage(@TempDir Path dir) throws Exception {
        try (Outbox outbox = Outbox.durable(dir, 100, 1 << 20)) {
            outbox.add(sample(1, 10), 1000);
            IOException e = assertThrows(IOException.class, () -> Outbox.durable(dir, 100, 1 << 20));
            assertTrue(e.getMessage().contains("in use by another agent"), e.getMessage());
        }
        try (Outbox outbox = Outbox.durable(dir, 100, 1 << 20)) {
            assertEquals(List.of(1L), drain(outbox), "closing the first let the next one in");
        }
    }

    @Test
    void seqsGoOnPastThePeriodsTheAgentWasDown() {
        LastTaken last = new LastTaken(41, T0, 1000);
        assertEquals(42, last.nextSeq(T0 + 1_200_000), "back within the next period: nothing missed");
        assertEquals(42, last.nextSeq(T0 + 300_000));
        assertEquals(61, last.nextSeq(T0 + 20_300_000), "down 20.3 s at 1 s: 19 periods never sampled");
        assertEquals(42, last.nextSeq(T0 - 5_000_000), "a clock that went back skips nothing");
        assertEquals(42, new LastTaken(41, T0, 0).nextSeq(T0 + 60_000_000), "unknown period: nothing inferred");
    }

    interface Body {
        void run() throws Exception;
    }

    /** What {@code body} logged (slf4j-simple writes to System.err as it is at each line). */
    private static String logOf(Body body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
