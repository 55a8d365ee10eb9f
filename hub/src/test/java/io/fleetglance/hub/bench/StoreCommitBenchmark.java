package io.fleetglance.hub.bench;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.fleetglance.hub.store.JdbcStore;
import io.fleetglance.hub.store.PostgresCluster;
import io.fleetglance.hub.store.PostgresStore;
import io.fleetglance.hub.store.SqliteStore;
import io.fleetglance.hub.store.StoreOp;
import io.fleetglance.hub.store.StoredHost;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What one group commit of a fleet costs each store alone, without a hub or a network in the way: {@code
 * -Dbench.hosts} hosts (default 1,000) with one sample each of about 100 history points (as the hub stores a real
 * sample), committed as one batch, 30 times after a warm-up; three runs per engine, PostgreSQL on a cluster the
 * benchmark starts. The samples are kept as agents send them: a whole sample of a real one's size, then deltas of a
 * real delta's size (see StoreOp.MAX_STORED_DELTAS); each host's record as large as a real one with a few events.
 * Printed: the wall time of a commit (fsync included) and the CPU time of the thread that commits (SQLite's own
 * work included: it runs on that thread).
 */
@Tag("benchmark")
class StoreCommitBenchmark {

    private static final int HOSTS = Integer.getInteger("bench.hosts", 1000);
    private static final int SERIES = 100;
    private static final int COMMITS = 30;

    @Test
    void oneCommitOfAFleet() throws Exception {
        for (int run = 1; run <= 3; run++) {
            Path dir = Files.createTempDirectory(Path.of("target"), "bench-commit");
            try (JdbcStore store = SqliteStore.open(dir, Clock.systemUTC())) {
                report("SQLite", run, measure(store));
            }
        }
        try (PostgresCluster pg = PostgresCluster.start(true)) {
            for (int run = 1; run <= 3; run++) {
                pg.reset();
                try (JdbcStore store = PostgresStore.open(pg.url(), pg.password(), Clock.systemUTC())) {
                    report("PostgreSQL", run, measure(store));
                }
            }
        }
    }

    private static void report(String engine, int run, double[] ms) {
        System.out.printf("BENCH store commit (%s, run %d): %d samples of %d points in %.1f ms = %.0f samples/s;"
                + " committing thread's cpu %.1f ms = %.0f us per sample%n", engine, run, HOSTS, SERIES, ms[0],
                HOSTS / ms[0] * 1000, ms[1], ms[1] * 1000 / HOSTS);
    }

    /** Mean wall and CPU milliseconds per commit of one sample of every host, after five warm-up commits. */
    private static double[] measure(JdbcStore store) throws Exception {
        byte[] whole = new byte[7_900]; // a real sample's size on the wire, whole
        byte[] delta = new byte[1_050]; // and as a delta on the one before
        byte[] hello = new byte[260];
        String events = "[" + String.join(",", Collections.nCopies(3, "{\"begin\":1764979200.0,"
                + "\"end\":-1,\"state\":\"WARNING\",\"type\":\"MEM\",\"max\":81.2,\"avg\":80.4,\"min\":79.9,"
                + "\"sum\":1608.0,\"count\":20,\"top\":[\"java\",\"postgres\",\"chromium\"],\"desc\":\"\","
                + "\"sort\":\"memory_percent\",\"global_msg\":\"High memory consumption\"}")) + "]";
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = 0;
        long cpu0 = 0;
        long now = System.currentTimeMillis() * 1000;
        for (int c = 0; c < COMMITS + 5; c++) {
            if (c == 5) {
                t0 = System.nanoTime();
                cpu0 = threads.getCurrentThreadCpuTime();
            }
            List<StoreOp> ops = new ArrayList<>(HOSTS);
            long seq = c + 1;
            long time = now + c * 1_000_000L;
            for (int h = 0; h < HOSTS; h++) {
                String name = "host-" + h;
                List<StoreOp.SeriesValue> points = new ArrayList<>(SERIES);
                for (int s = 0; s < SERIES; s++) {
                    points.add(new StoreOp.SeriesValue("plugin" + s / 10, "item" + s, s % 3 == 0
                            ? LongNode.valueOf((h * 7L + s * 13L + c) % 100_000) : DoubleNode.valueOf((h + s + c) * 0.37)));
                }
                StoredHost record = new StoredHost(name, "id-" + name, "cred", hello, 1000,
                        time / 1000, seq, 0, 0, events);
                boolean wholeSample = c % (StoreOp.MAX_STORED_DELTAS + 1) == 0;
                byte[] raw = wholeSample ? whole : delta;
                ops.add(new StoreOp.HostSample(record, seq, time, points, () -> raw, wholeSample, c == 0));
            }
            store.commit(ops);
        }
        return new double[] {(System.nanoTime() - t0) / 1e6 / COMMITS,
                (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / COMMITS};
    }
}
