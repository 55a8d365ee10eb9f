package io.fleetglance.hub.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests: Debian's {@code initdb} and {@code pg_ctl} into a fresh temporary
 * directory, listening on a free loopback port only, with a password (SCRAM) for its one user; run as the
 * {@code postgres} user when the tests run as root (PostgreSQL refuses root). Stopped and deleted on close.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String USER = "fleetglance";

    private final Path dir;
    private final Path bin;
    private final boolean asPostgres;
    private final int port;
    private final String password;
    private boolean running;

    private final boolean durable;

    private PostgresCluster(Path dir, Path bin, boolean asPostgres, int port, String password, boolean durable) {
        this.durable = durable;
        this.dir = dir;
        this.bin = bin;
        this.asPostgres = asPostgres;
        this.port = port;
        this.password = password;
    }

    /** The newest installed server's binaries; fails, naming the package, when there is none. */
    static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                List<Path> found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                                .replaceAll("\\D", "0")))).toList();
                if (!found.isEmpty()) {
                    return found.get(found.size() - 1);
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server here: install Debian's 'postgresql' package"
                + " (.ci/run does)");
    }

    /** A cluster for tests: commits are not forced to the disk (fsync off), which a test does not need. */
    public static PostgresCluster start() throws Exception {
        return start(false);
    }

    /** @param durable whether commits are forced to the disk, as in production (benchmarks) */
    public static PostgresCluster start(boolean durable) throws Exception {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("fleetglance-pg-");
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Files.writeString(dir.resolve("pwfile"), password + "\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PostgresCluster cluster = new PostgresCluster(dir, bin, root, port, password, durable);
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(dir.resolve("pwfile"), postgres);
        }
        try {
            cluster.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                    "--auth=scram-sha-256", "--pwfile=" + dir.resolve("pwfile"), "-E", "UTF8", "--no-sync",
                    "--locale=C"));
            cluster.startServer();
            try (Connection c = cluster.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE fleetglance");
            }
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts the server (again, after {@link #kill}). */
    public void startServer() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c max_connections=60" + (durable ? "" : " -c fsync=off"),
                "start"));
        running = true;
    }

    /** Stops the server at once, as a crash would (immediate shutdown). */
    public void kill() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                "-w", "stop"));
        running = false;
    }

    /** The {@code --store} URL of the cluster's database. */
    public String url() {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/fleetglance";
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** A connection as the cluster's superuser to {@code database}, for tests to look inside. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    /** Empties the database for the next test: drops and creates it again. */
    public void reset() throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS fleetglance WITH (FORCE)");
            s.execute("CREATE DATABASE fleetglance");
        }
    }

    /** CPU ticks (1/100 s) the server has used so far: the postmaster and every backend it forked. */
    public long cpuTicks() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim());
        long total = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (pid == postmaster || Long.parseLong(f[1]) == postmaster) {
                        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // a process that ended meanwhile
                }
            }
        }
        return total;
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).directory(dir.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish");
        }
        if (p.exitValue() != 0) {
            String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                    + new String(out, StandardCharsets.UTF_8) + log);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (running) {
                kill();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
