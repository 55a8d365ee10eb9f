package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FsUsageProbeTest {

    private static final Path LOCAL = Path.of("/");
    private static final Path NFS = Path.of("/mnt/nfs");
    private static final Path STALE = Path.of("/mnt/stale");
    private static final FsUsageProbe.Usage LOCAL_USAGE = new FsUsageProbe.Usage(1000, 400, 500);
    private static final FsUsageProbe.Usage NFS_USAGE = new FsUsageProbe.Usage(9000, 1000, 8000);

    @Test
    void answersWithoutAShareThatDoesNotRespondAndDoesNotAskItAgainWhileBlocked() throws InterruptedException {
        CountDownLatch serverBack = new CountDownLatch(1);
        AtomicInteger nfsReads = new AtomicInteger();
        FsUsageProbe probe = new FsUsageProbe(Duration.ofMillis(200), mountPoint -> {
            if (mountPoint.equals(NFS)) {
                nfsReads.incrementAndGet();
                try {
                    serverBack.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return NFS_USAGE;
            }
            return LOCAL_USAGE;
        });

        long start = System.nanoTime();
        Map<Path, FsUsageProbe.Usage> first = probe.read(Set.of(LOCAL, NFS));
        long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Map<Path, FsUsageProbe.Usage> second = probe.read(Set.of(LOCAL, NFS));

        assertEquals(Map.of(LOCAL, LOCAL_USAGE), first);
        assertTrue(firstMs < 2_000, "waited " + firstMs + " ms");
        assertEquals(Map.of(LOCAL, LOCAL_USAGE), second);
        assertEquals(1, nfsReads.get(), "a blocked share is not asked again");

        serverBack.countDown();
        Map<Path, FsUsageProbe.Usage> third = waitForBothAnswers(probe);

        assertEquals(Map.of(LOCAL, LOCAL_USAGE, NFS, NFS_USAGE), third);
        assertEquals(2, nfsReads.get());
    }

    private static Map<Path, FsUsageProbe.Usage> waitForBothAnswers(FsUsageProbe probe) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            Map<Path, FsUsageProbe.Usage> answers = probe.read(Set.of(LOCAL, NFS));
            if (answers.size() == 2) {
                return answers;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the share never answered again");
    }

    @Test
    void leavesOutAMountPointThatFailsToAnswer() {
        FsUsageProbe probe = new FsUsageProbe(Duration.ofMillis(200), mountPoint -> {
            if (mountPoint.equals(STALE)) {
                throw new IOException("Stale file handle");
            }
            return LOCAL_USAGE;
        });

        assertEquals(Map.of(LOCAL, LOCAL_USAGE), probe.read(Set.of(LOCAL, STALE)));
    }

    @Test
    void answersForEveryMountPointThatAnsweredEvenTheLastToFinish() {
        // Dozens of mounts (a container host) read on two workers behind one wait: the read that finishes last, and
        // ends the wait, is in the answer too.
        Set<Path> mounts = new java.util.LinkedHashSet<>();
        for (int i = 0; i < 60; i++) {
            mounts.add(Path.of("/var/lib/containers/" + i));
        }
        FsUsageProbe probe = new FsUsageProbe(Duration.ofSeconds(30), mountPoint -> LOCAL_USAGE);
        for (int sample = 0; sample < 50; sample++) {
            assertEquals(mounts, probe.read(mounts).keySet(), "sample " + sample);
        }
    }

    @Test
    void localMountsAreReadOnTheCallersThreadAndAHungShareIsStillLeftOutAlone() {
        Thread caller = Thread.currentThread();
        Map<Path, Thread> readOn = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch never = new CountDownLatch(1);
        FsUsageProbe probe = new FsUsageProbe(Duration.ofMillis(200), mountPoint -> {
            readOn.put(mountPoint, Thread.currentThread());
            if (mountPoint.equals(NFS)) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (mountPoint.equals(STALE)) {
                throw new IOException("Stale file handle");
            }
            return LOCAL_USAGE;
        });
        Path boot = Path.of("/boot");
        assertEquals(Map.of(LOCAL, LOCAL_USAGE, boot, LOCAL_USAGE),
                probe.read(Set.of(LOCAL, boot, NFS, STALE), Set.of(LOCAL, boot, STALE)));
        assertEquals(caller, readOn.get(LOCAL), "a local mount is read on the caller's thread");
        assertEquals(caller, readOn.get(boot));
        assertEquals(caller, readOn.get(STALE), "one that fails is left out, on the caller's thread too");
        assertTrue(readOn.get(NFS) != caller, "a share is read on a worker");
        readOn.clear();
        assertEquals(Map.of(LOCAL, LOCAL_USAGE), probe.read(Set.of(LOCAL, NFS), Set.of(LOCAL)),
                "the next sample: the local mount answered, the share still blocked and not asked again");
        assertEquals(Set.of(LOCAL), readOn.keySet());
        never.countDown();
    }
}
