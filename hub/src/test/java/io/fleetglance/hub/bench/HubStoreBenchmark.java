package io.fleetglance.hub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void storeUnderAFleet() throws Exception {
        BenchFleet fleet = BenchFleet.start(TLS, "target/bench-store-hub.log");
        try {
            fleet.stream(HOSTS, Duration.ofSeconds(1));
            long started = System.nanoTime();
            int warmup = Math.min(30, SECONDS / 3);
            Thread.sleep(warmup * 1000L);
            long pid = fleet.pid();
            long cpu0 = fleet.cpuTicks();
            long writer0 = writerTicks(pid);
            long bytes0 = storeBytes(fleet.state);
            long t0 = System.nanoTime();
            Thread.sleep((SECONDS - warmup) * 1000L);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (fleet.cpuTicks() - cpu0) / wall;
            double writerCpu = (writerTicks(pid) - writer0) / wall;
            long grown = storeBytes(fleet.state) - bytes0;
            long rss = fleet.rssKiB();
            double sent = HOSTS * Math.floor((System.nanoTime() - started) / 1e9);
            fleet.stopStreams();
            long heap = liveHeapKiB(pid);
            System.out.printf("BENCH hub store: %d hosts (%s), %d processes each, one sample per 1 s, %d s (%d s "
                    + "measured)%n", HOSTS, TLS ? "TLS 1.3" : "plaintext", BenchFleet.PROCESSES, SECONDS,
                    Math.round(wall));
            System.out.printf("BENCH rss=%.0f MiB, live heap=%.0f MiB (%.0f KiB per host); acks %d of about %.0f "
                    + "samples sent%n", rss / 1024.0, heap / 1024.0, heap / (double) HOSTS, fleet.acks.get(), sent);
            System.out.printf("BENCH cpu: hub %.1f%% of one core, store writer thread (persistence) %.1f%%%n", cpu,
                    writerCpu);
            System.out.printf("BENCH store growth: %.0f bytes per host per second = %.1f MiB per host per day (raw tier"
                    + " plus WAL)%n", grown / wall / HOSTS, grown / wall / HOSTS * 86400 / 1048576);
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
        try {
            double seconds = fleet.restart("target/bench-store-restart.log");
            System.out.printf("BENCH restart with %d hosts' state: serving after %.1f s%n", HOSTS, seconds);
        } finally {
            fleet.stopHub();
        }
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
