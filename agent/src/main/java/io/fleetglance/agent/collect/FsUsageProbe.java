package io.fleetglance.agent.collect;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads the usage (statvfs) of mount points without ever stalling the sampler on one that does not answer, such as an
 * NFS or CIFS share whose server is gone: a statvfs there blocks in the kernel, uninterruptibly, for minutes.
 *
 * <p>Local file systems (those the caller names) are read on the caller's thread: their statvfs is answered from
 * memory. Each other mount point is read on a worker thread and waited for until a deadline shared by the whole
 * sample (with none, nothing waits). One that misses it is left out of that sample, and is not asked again while its
 * earlier read is still blocked, so a dead share holds one worker thread, never one per sample. Once it answers, it
 * is read again from the next sample on. Workers are daemon threads that end after 30 s without work.
 */
final class FsUsageProbe {

    /** What statvfs says, in bytes: total size, used (blocks not free, reserved ones counted free for root), and free
     *  for an unprivileged user. */
    record Usage(long size, long used, long free) {
    }

    /** Reads the usage of one mount point; may block for as long as the kernel does. */
    @FunctionalInterface
    interface Reader {
        Usage read(Path mountPoint) throws IOException;
    }

    private final Duration deadline;
    private final Reader reader;
    private final ExecutorService workers;
    /** Reads that missed their deadline and may still be blocked, by mount point. */
    private final Map<Path, Future<Usage>> blocked = new HashMap<>();
    /** A FileStore per mount point: creating one scans the mount table, reading one is a plain statvfs. */
    private final Map<Path, FileStore> stores = new ConcurrentHashMap<>();

    /** A probe reading statvfs, waiting at most {@code deadline} per sample for all the mount points of that sample. */
    FsUsageProbe(Duration deadline) {
        this.deadline = deadline;
        this.reader = this::statvfs;
        this.workers = daemonWorkers();
    }

    /** A probe reading usage through {@code reader}, for tests that need a mount point that never answers. */
    FsUsageProbe(Duration deadline, Reader reader) {
        this.deadline = deadline;
        this.reader = reader;
        this.workers = daemonWorkers();
    }

    /**
     * A few workers, not one per mount: a healthy statvfs takes microseconds, so two threads read dozens of mounts
     * well within the deadline, while a thread per mount costs the agent a stack each. A hung mount holds one worker
     * until it returns; it is not asked again meanwhile, so the other worker keeps serving.
     */
    private static ExecutorService daemonWorkers() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "fleetglance-fs-usage");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static final int WORKERS = 2;

    /**
     * The usage of each of {@code mountPoints} that answered in time; those that could not be read (no permission,
     * stale handle, gone) or did not answer are missing from the map.
     */
    Map<Path, Usage> read(Set<Path> mountPoints) {
        return read(mountPoints, Set.of());
    }

    /**
     * As {@link #read(Set)}, the mount points of {@code inline} (local file systems, whose statvfs the kernel answers
     * from memory) read on the calling thread: handing them to a worker and waiting for it cost two thread wake-ups a
     * sample, more than the reads themselves.
     */
    Map<Path, Usage> read(Set<Path> mountPoints, Set<Path> inline) {
        Map<Path, Usage> answers = new HashMap<>();
        List<Path> asked = new ArrayList<>(mountPoints.size());
        for (Path mountPoint : mountPoints) {
            if (inline.contains(mountPoint)) {
                try {
                    answers.put(mountPoint, reader.read(mountPoint));
                } catch (IOException | RuntimeException e) {
                    stores.remove(mountPoint);
                }
                continue;
            }
            Future<Usage> earlier = blocked.get(mountPoint);
            if (earlier != null) {
                if (!earlier.isDone()) {
                    continue;
                }
                blocked.remove(mountPoint);
            }
            asked.add(mountPoint);
        }
        // One wait for all of them, woken by the last read to finish: a wait per mount point would wake the sampler
        // once per mount, and a wake-up costs more than a statvfs.
        CountDownLatch finished = new CountDownLatch(asked.size());
        Map<Path, Future<Usage>> reads = new LinkedHashMap<>();
        for (Path mountPoint : asked) {
            FutureTask<Usage> read = new FutureTask<>(() -> reader.read(mountPoint)) {
                @Override
                protected void done() {
                    finished.countDown(); // once the result is set: a counted read is a done one
                }
            };
            workers.execute(read);
            reads.put(mountPoint, read);
        }
        try {
            finished.await(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Map.Entry<Path, Future<Usage>> read : reads.entrySet()) {
            Future<Usage> future = read.getValue();
            if (!future.isDone()) {
                blocked.put(read.getKey(), future);
                continue;
            }
            try {
                answers.put(read.getKey(), future.get());
            } catch (ExecutionException | CancellationException e) {
                stores.remove(read.getKey());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // Forget mount points that are gone; a read still blocked on one keeps its thread until the kernel lets go.
        blocked.keySet().retainAll(mountPoints);
        stores.keySet().retainAll(mountPoints);
        return answers;
    }

    private Usage statvfs(Path mountPoint) throws IOException {
        FileStore store = stores.get(mountPoint);
        if (store == null) {
            store = Files.getFileStore(mountPoint);
            stores.put(mountPoint, store);
        }
        // statvfs: total = f_blocks, unallocated = f_bfree, usable = f_bavail, each times f_frsize (psutil's
        // disk_usage: used = total - bfree, free = bavail).
        long total = store.getTotalSpace();
        long unallocated = store.getUnallocatedSpace();
        long usable = store.getUsableSpace();
        return new Usage(total, Math.max(0, total - unallocated), usable);
    }
}
