package io.fleetglance.hub.bench;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.fleetglance.hub.store.JdbcStore;
import io.fleetglance.hub.store.PostgresCluster;
import io.fleetglance.hub.store.PostgresStore;
import io.fleetglance.hub.store.SqliteStore;
import io.fleetglance.hub.store.StoreOp;
import io.fleetglance.hub.store.StoredHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What one group commit of a fleet costs each store alone, without a hub or a network in the way: {@code
 * -Dbench.hosts} hosts (default 1,000) with one sample each of about 100 history points (as the hub stores a real
 * sample), committed as one batch, 30 times after a warm-up; three runs per engine, PostgreSQL on a cluster the
 * benchmark starts.
 */
@Tag("benchmark")
class StoreCommitBenchmark {

    private static final int HOSTS = Integer.getInteger("bench.hosts", 1000);
    private static final int SERIES = 100;
    private static final int COMMITS = 30;

    @Test
    void oneCommitOfAFleet() throws Exception {
        byte[] raw = new byte[7_900]; // a real sample's size on the wire
        for (int run = 1; run <= 3; run++) {
            Path dir = Files.createTempDirectory(Path.of("target"), "bench-commit");
            try (JdbcStore store = SqliteStore.open(dir, Clock.systemUTC())) {
                report("SQLite", run, measure(store, raw));
            }
        }
        try (PostgresCluster pg = PostgresCluster.start(true)) {
            for (int run = 1; run <= 3; run++) {
                pg.reset();
                try (JdbcStore store = PostgresStore.open(pg.url(), pg.password(), Clock.systemUTC())) {
                    report("PostgreSQL", run, measure(store, raw));
                }
            }
        }
    }

    private static void report(String engine, int run, double ms) {
        System.out.printf("BENCH store commit (%s, run %d): %d samples of %d points in %.1f ms = %.0f samples/s%n",
                engine, run, HOSTS, SERIES, ms, HOSTS / ms * 1000);
    }

    /** Mean milliseconds per commit of one sample of every host, after five warm-up commits. */
    private static double measure(JdbcStore store, byte[] raw) throws Exception {
        long t0 = 0;
        long now = System.currentTimeMillis() * 1000;
        for (int c = 0; c < COMMITS + 5; c++) {
            if (c == 5) {
                t0 = System.nanoTime();
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
                StoredHost record = new StoredHost(name, "id-" + name, "cred", new byte[120], 1000,
                        time / 1000, seq, 0, 0, "[]");
                ops.add(new StoreOp.HostSample(record, seq, time, points, () -> raw, true, c == 0));
            }
            store.commit(ops);
        }
        return (System.nanoTime() - t0) / 1e6 / COMMITS;
    }
}
