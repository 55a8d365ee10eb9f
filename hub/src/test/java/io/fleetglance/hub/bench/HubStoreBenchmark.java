package io.fleetglance.hub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import io.fleetglance.hub.store.PostgresCluster;
import io.fleetglance.hub.store.Retention;
import io.fleetglance.hub.store.SqliteStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what the store costs a hub: the hub jar runs as its own process with a state directory (TLS on ingest, as
 * by default; {@code -Dbench.tls=false} for plaintext), N simulated hosts (default 1,000; {@code -Dbench.hosts})
 * stream realistic samples (about 100 processes each) every second for {@code -Dbench.seconds} (default 90), then the
 * hub is stopped and started again on the same store. Prints RSS, live heap per host and what fills it, the hub's CPU
 * and its store writer's CPU (% of one core), the samples acknowledged against those sent, store bytes per host per
 * day and per raw point, commits (fsyncs) per second and the restart time. A benchmark, excluded from the normal
 * build: {@code bench/hub-store.sh}.
 */
@Tag("benchmark")
class HubStoreBenchmark {

    private static final int HOSTS = Integer.getInteger("bench.hosts", 1000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 90);
    private static final boolean TLS = Boolean.parseBoolean(System.getProperty("bench.tls", "true"));
    /** {@code postgresql}: the hub's store in a PostgreSQL cluster the benchmark starts, instead of hub.db. */
    private static final boolean POSTGRES = "postgresql".equals(System.getProperty("bench.store", "sqlite"));

    @Test
    void storeUnderAFleet() throws Exception {
        if (POSTGRES) {
            try (PostgresCluster pg = PostgresCluster.start(true)) {
                storeUnderAFleet(pg);
            }
        } else {
            storeUnderAFleet(null);
        }
    }

    private void storeUnderAFleet(PostgresCluster pg) throws Exception {
        BenchFleet fleet = pg == null ? BenchFleet.start(TLS, "target/bench-store-hub.log", HOSTS)
                : BenchFleet.start(TLS, "target/bench-store-hub.log", HOSTS, pg.url(), pg.password());
        StoreSize size = pg == null ? () -> storeBytes(fleet.state) : () -> databaseBytes(pg);
        try {
            fleet.stream(HOSTS, Duration.ofSeconds(1));
            long started = System.nanoTime();
            int warmup = Math.min(30, SECONDS / 3);
            Thread.sleep(warmup * 1000L);
            long pid = fleet.pid();
            long cpu0 = fleet.cpuTicks();
            long pgCpu0 = pg == null ? 0 : pg.cpuTicks();
            long writer0 = writerTicks(pid);
            long bytes0 = size.bytes();
            long t0 = System.nanoTime();
            Thread.sleep((SECONDS - warmup) * 1000L);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (fleet.cpuTicks() - cpu0) / wall;
            double pgCpu = pg == null ? 0 : (pg.cpuTicks() - pgCpu0) / wall;
            double writerCpu = (writerTicks(pid) - writer0) / wall;
            long grown = size.bytes() - bytes0;
            long rss = fleet.rssKiB();
            double sent = HOSTS * Math.floor((System.nanoTime() - started) / 1e9);
            fleet.stopStreams();
            long heap = liveHeapKiB(pid);
            System.out.printf("BENCH hub store (%s): %d hosts (%s), %d processes each, one sample per 1 s, %d s (%d s "
                    + "measured)%n", pg == null ? "SQLite" : "PostgreSQL", HOSTS, TLS ? "TLS 1.3" : "plaintext",
                    BenchFleet.PROCESSES, SECONDS, Math.round(wall));
            System.out.printf("BENCH rss=%.0f MiB, live heap=%.0f MiB (%.0f KiB per host); acks %d of about %.0f "
                    + "samples sent%n", rss / 1024.0, heap / 1024.0, heap / (double) HOSTS, fleet.acks.get(), sent);
            System.out.printf("BENCH cpu: hub %.1f%% of one core, store writer thread (persistence) %.1f%%%n", cpu,
                    writerCpu);
            System.out.printf("BENCH store growth: %.0f bytes per host per second = %.1f MiB per host per day (raw tier"
                    + " plus %s)%n", grown / wall / HOSTS, grown / wall / HOSTS * 86400 / 1048576,
                    pg == null ? "WAL" : "indexes, whole database");
            if (pg != null) {
                // the PostgreSQL server's own CPU over the same window is not the hub's: say what it was
                System.out.printf("BENCH samples persisted and acknowledged: %.0f per second; the PostgreSQL server"
                        + " used %.1f%% of one core meanwhile%n", fleet.acks.get() / ((System.nanoTime() - started)
                        / 1e9), pgCpu);
            }
            for (String line : heapHistogram(pid)) {
                System.out.println("BENCH heap " + line);
            }
        } finally {
            fleet.close();
        }
        for (String line : Files.readAllLines(Path.of("target", "bench-store-hub.log"))) {
            if (line.contains("commits in")) {
                System.out.println("BENCH fsyncs: " + line.substring(line.indexOf("store ")));
            }
        }
        if (pg != null) {
            postgresFigures(pg, fleet);
            return;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fleet.state.resolve("hub.db"));
                Statement s = c.createStatement()) {
            long rows;
            long blobBytes;
            try (ResultSet r = s.executeQuery("SELECT count(*), sum(length(data)) FROM raw")) {
                r.next();
                rows = r.getLong(1);
                blobBytes = r.getLong(2);
            }
            long series;
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM series WHERE host_id = (SELECT min(id) FROM hosts)")) {
                r.next();
                series = r.getLong(1);
            }
            long file = Files.size(fleet.state.resolve("hub.db"));
            double points = (double) rows * series;
            System.out.printf("BENCH raw tier: %d samples x ~%d series = %.0f points; %.2f bytes per point in the"
                    + " blobs, %.2f bytes per point on disk (file %d MiB)%n", rows, series, points,
                    blobBytes / points, file / points, file >> 20);
        }
        compacted(fleet.state);
        try {
            double seconds = fleet.restart("target/bench-store-restart.log");
            System.out.printf("BENCH restart with %d hosts' state: serving after %.1f s%n", HOSTS, seconds);
        } finally {
            fleet.stopHub();
        }
    }

    /**
     * The raw tier once settled: the store is opened as 15 minutes after the last sample and maintained, as the hub's
     * own maintenance will do once every window of these samples is over, then the chunks are measured: their bytes
     * per point, and the pages of {@code raw_chunks} on disk per point.
     */
    private static void compacted(Path state) throws Exception {
        long lastUs;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("hub.db"));
                Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(time_us) FROM raw")) {
            r.next();
            lastUs = r.getLong(1);
        }
        long nowUs = lastUs + 15 * 60_000_000L;
        double seconds;
        try (SqliteStore store = SqliteStore.open(state, Clock.fixed(Instant.ofEpochSecond(0, nowUs * 1000),
                ZoneOffset.UTC))) {
            long t0 = System.nanoTime();
            store.maintain(nowUs, Retention.DEFAULT);
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("hub.db"));
                Statement s = c.createStatement()) {
            long series;
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM series WHERE host_id = (SELECT min(id) FROM hosts)")) {
                r.next();
                series = r.getLong(1);
            }
            try (ResultSet r = s.executeQuery("SELECT count(*), sum(samples), sum(length(data)),"
                    + " (SELECT sum(pgsize) FROM dbstat WHERE name = 'raw_chunks'), (SELECT count(*) FROM raw)"
                    + " FROM raw_chunks")) {
                r.next();
                double points = (double) r.getLong(2) * series;
                System.out.printf("BENCH raw tier compacted (maintenance as 15 min later, %.1f s for every host):"
                        + " %d chunks hold %d samples x ~%d series = %.0f points, %d samples left as rows; %.3f bytes"
                        + " per point in the chunks, %.3f bytes per point on disk (raw_chunks' pages)%n", seconds,
                        r.getLong(1), r.getLong(2), series, points, r.getLong(5), r.getLong(3) / points,
                        r.getLong(4) / points);
            }
        }
    }

    @FunctionalInterface
    private interface StoreSize {
        long bytes() throws Exception;
    }

    private static long databaseBytes(PostgresCluster pg) throws Exception {
        try (Connection c = pg.connect("fleetglance"); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT pg_database_size(current_database())")) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * Rows and bytes per host per day in PostgreSQL, then the time of a 24 h chart: one host's raw tier is filled to
     * a whole day (its samples copied back in time, one per second) and the range route is asked for it three times.
     */
    private static void postgresFigures(PostgresCluster pg, BenchFleet fleet) throws Exception {
        long hostId;
        long last;
        try (Connection c = pg.connect("fleetglance"); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT count(*), sum(length(data)), count(DISTINCT host_id),"
                    + " min(time_us), max(time_us) FROM raw")) {
                r.next();
                double hostSeconds = r.getLong(3) * ((r.getLong(5) - r.getLong(4)) / 1e6 + 1);
                System.out.printf("BENCH PostgreSQL raw tier: %.2f rows per host per second = %.0f rows per host per"
                        + " day, %.0f bytes of blobs per row%n", r.getLong(1) / hostSeconds,
                        r.getLong(1) / hostSeconds * 86400, r.getLong(2) / (double) r.getLong(1));
            }
            try (ResultSet r = s.executeQuery("SELECT sum(pg_total_relation_size(inhrelid)), (SELECT count(*) FROM raw)"
                    + " FROM pg_inherits WHERE inhparent = 'raw'::regclass")) {
                r.next();
                System.out.printf("BENCH PostgreSQL raw tier on disk (partitions, TOAST, indexes): %.0f bytes per"
                        + " row = %.1f MiB per host per day%n", r.getLong(1) / (double) r.getLong(2),
                        r.getLong(1) / (double) r.getLong(2) * 86400 / 1048576);
            }
            try (ResultSet r = s.executeQuery("SELECT h.id, max(r.time_us) FROM hosts h JOIN raw r ON r.host_id = h.id"
                    + " WHERE h.name = 'bench-0' GROUP BY h.id")) {
                r.next();
                hostId = r.getLong(1);
                last = r.getLong(2);
            }
            // a whole day of this host, one sample per second, before what it streamed
            s.execute("INSERT INTO raw(host_id, time_us, data) SELECT " + hostId + ", " + last + " - g::bigint * 1000000,"
                    + " (SELECT data FROM raw WHERE host_id = " + hostId + " ORDER BY time_us DESC LIMIT 1)"
                    + " FROM generate_series(1, 86400) g ON CONFLICT DO NOTHING");
            // and its minutes, as the hub's maintenance leaves them after a day: one rollup per series and minute
            s.execute("INSERT INTO rollup(host_id, step, series_id, bucket, min, avg, max, count) SELECT " + hostId
                    + ", 60, s.id, m.bucket, 1, 2, 3, 60 FROM series s, (SELECT (" + last + " / 60000000 - g) * 60000000"
                    + " AS bucket FROM generate_series(3, 1442) g) m WHERE s.host_id = " + hostId
                    + " ON CONFLICT DO NOTHING");
            s.execute("UPDATE rollup_marks SET done_until = (" + last + " / 60000000 - 2) * 60000000 WHERE host_id = "
                    + hostId + " AND step = 60");
            s.execute("ANALYZE raw");
            s.execute("ANALYZE rollup");
        }
        long toUs = last + 1;
        // a day back, less a minute: still the raw tier (raw_retention 24 h) when the request arrives
        long fromUs = toUs - 86_340_000_000L;
        String path = "/hosts/bench-0/api/4/cpu/history/range?from=" + fromUs / 1_000_000 + "&to=" + toUs / 1_000_000
                + "&points=";
        double restart = fleet.restart("target/bench-store-restart.log");
        System.out.printf("BENCH restart on PostgreSQL: serving after %.1f s%n", restart);
        // the charts are timed once every host's stats and history are loaded, not beside that
        for (int i = 0; i < 600 && Files.readAllLines(Path.of("target", "bench-store-restart.log")).stream()
                .noneMatch(l -> l.contains("loaded in")); i++) {
            Thread.sleep(200);
        }
        // 300 points: buckets of about 5 min, from the minutes; 5,000: buckets of 17 s, from every raw sample
        for (int points : new int[] {300, 5000}) {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = fleet.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + fleet.rest + path + points)).build(), HttpResponse.BodyHandlers.ofString());
                String tier = r.body().replaceAll("(?s).*\"tier\":\"(\\w+)\".*", "$1");
                System.out.printf("BENCH 24 h chart of one host, %d points (%s tier): %d in %.0f ms, %d bytes%n",
                        points, tier, r.statusCode(), (System.nanoTime() - t0) / 1e6, r.body().length());
            }
        }
        fleet.stopHub();
    }

    /** The CPU ticks (1/100 s) of the store's writer thread. */
    private static long writerTicks(long pid) throws Exception {
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String comm = Files.readString(task.resolve("comm")).trim();
                if (comm.startsWith("fleetglance-sto")) {
                    return BenchFleet.cpuTicks(task.resolve("stat"));
                }
            }
        }
        return 0;
    }

    private static long storeBytes(Path state) throws Exception {
        long total = 0;
        for (String name : List.of("hub.db", "hub.db-wal")) {
            Path f = state.resolve(name);
            total += Files.exists(f) ? Files.size(f) : 0;
        }
        return total;
    }

    /** The heap in use right after a full collection, as the hub's own JVM reports it. */
    private static long liveHeapKiB(long pid) throws Exception {
        run("jcmd", String.valueOf(pid), "GC.run");
        // the used KiB of every heap space (G1: one; Parallel: young and old), not of metaspace
        long used = 0;
        for (String line : run("jcmd", String.valueOf(pid), "GC.heap_info").lines().toList()) {
            Matcher m = Pattern.compile("used (\\d+)K").matcher(line);
            if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                used += Long.parseLong(m.group(1));
            }
        }
        return used;
    }

    /** The twelve classes that hold most of the live heap. */
    private static List<String> heapHistogram(long pid) throws Exception {
        return run("jcmd", String.valueOf(pid), "GC.class_histogram").lines()
                .filter(l -> l.matches("\\s*\\d+:\\s+\\d+.*")).limit(12).map(String::strip).toList();
    }

    private static String run(String... command) throws Exception {
        java.lang.Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
