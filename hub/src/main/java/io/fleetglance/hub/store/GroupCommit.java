package io.fleetglance.hub.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes the store: every {@code interval} it takes what all streams handed it, commits it in one
 * transaction (one fsync), and only then runs each write's {@code onDurable} (the acks). A failed commit is retried,
 * with everything after it, until it succeeds: meanwhile nothing is acknowledged, so the agents keep their samples.
 * It also runs the store's maintenance (rollups, retention) between commits.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final Duration MAINTENANCE_EVERY = Duration.ofMinutes(1);
    private static final long SLOW_MAINTENANCE_MS = 1000;
    private static final Duration MAINTENANCE_SLICE = Duration.ofMillis(200);

    private record Entry(StoreOp op, Runnable onDurable) {
    }

    private final HubStore store;
    private final long intervalMs;
    private final Retention retention;
    private final LongSupplier nowUs;
    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;
    private long nextMaintenanceMs;
    private boolean maintenanceUnderway;
    private long roundStartedMs;
    private long roundHeldNanos;
    private int roundSlices;
    private long commits;
    private final long startedNanos = System.nanoTime();

    public GroupCommit(HubStore store, Duration interval, Retention retention, LongSupplier nowUs) {
        this.store = store;
        this.intervalMs = Math.max(1, interval.toMillis());
        this.retention = retention;
        this.nowUs = nowUs;
        this.thread = new Thread(this::run, "fleetglance-store-writer");
        this.thread.setDaemon(true);
    }

    public GroupCommit start() {
        nextMaintenanceMs = System.currentTimeMillis() + MAINTENANCE_EVERY.toMillis();
        thread.start();
        return this;
    }

    /** Queues {@code op} (null for none) and runs {@code onDurable} once it, and everything queued before, is durable. */
    public void submit(StoreOp op, Runnable onDurable) {
        queue.add(new Entry(op, onDurable));
    }

    /** The store's last write error while writes fail, else null. */
    public String failure() {
        return failure;
    }

    public HubStore store() {
        return store;
    }

    private void run() {
        List<Entry> pending = new ArrayList<>();
        long backoffMs = intervalMs;
        while (running || !queue.isEmpty() || !pending.isEmpty()) {
            try {
                Entry first = queue.poll(intervalMs, TimeUnit.MILLISECONDS);
                if (first != null) {
                    pending.add(first);
                    // let the other streams' samples of this period join the same transaction
                    if (running) {
                        Thread.sleep(intervalMs);
                    }
                    queue.drainTo(pending);
                }
            } catch (InterruptedException e) {
                running = false;
                queue.drainTo(pending);
            }
            if (!pending.isEmpty() && !flush(pending)) {
                if (!running) {
                    log.error("the store {} could not be written at shutdown: {} writes are not durable; their agents"
                            + " resend them to the next hub", store.location(), pending.size());
                    return;
                }
                sleepQuietly(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
                continue;
            }
            backoffMs = intervalMs;
            maintainWhenDue();
        }
    }

    private boolean flush(List<Entry> pending) {
        List<StoreOp> ops = new ArrayList<>(pending.size());
        for (Entry e : pending) {
            if (e.op() != null) {
                ops.add(e.op());
            }
        }
        try {
            if (!ops.isEmpty()) {
                store.commit(ops);
                commits++;
            }
        } catch (StoreException | RuntimeException e) {
            if (failure == null) {
                log.error("{}: not acknowledging samples until the store can be written again", e.getMessage());
            }
            failure = e.getMessage();
            // newer writes join the retry, in order
            queue.drainTo(pending);
            return false;
        }
        if (failure != null) {
            log.info("the store {} is written again: acknowledging the {} writes held meanwhile", store.location(),
                    pending.size());
            failure = null;
        }
        for (Entry e : pending) {
            if (e.onDurable() != null) {
                try {
                    e.onDurable().run();
                } catch (RuntimeException ex) {
                    log.warn("acknowledging a durable write failed: {}", ex.toString());
                }
            }
        }
        pending.clear();
        return true;
    }

    /**
     * Every minute a round of maintenance, a slice of about {@link #MAINTENANCE_SLICE} after each commit until it is
     * done: the streams' commits (and their acks) wait at most a slice, never a whole round.
     */
    private void maintainWhenDue() {
        long now = System.currentTimeMillis();
        if (!maintenanceUnderway) {
            if (now < nextMaintenanceMs) {
                return;
            }
            nextMaintenanceMs = now + MAINTENANCE_EVERY.toMillis();
            roundStartedMs = now;
            roundHeldNanos = 0;
            roundSlices = 0;
        }
        try {
            long started = System.nanoTime();
            boolean done = store.maintainSome(nowUs.getAsLong(), retention, MAINTENANCE_SLICE.toNanos());
            roundHeldNanos += System.nanoTime() - started;
            roundSlices++;
            maintenanceUnderway = !done;
            if (done && roundHeldNanos / 1_000_000 >= SLOW_MAINTENANCE_MS) {
                log.info("store maintenance (rollups, compaction, retention) took {} ms of the writer, in {} slices over"
                        + " {} ms", roundHeldNanos / 1_000_000, roundSlices, System.currentTimeMillis() - roundStartedMs);
            }
        } catch (StoreException | RuntimeException e) {
            maintenanceUnderway = false;
            log.warn("store maintenance (rollups, retention) failed, will try again: {}", e.getMessage());
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        log.info("store {} closed: {} commits in {} s ({} per second)", store.location(), commits,
                Math.round(seconds), String.format(Locale.ROOT, "%.2f", commits / Math.max(seconds, 1e-3)));
    }
}
