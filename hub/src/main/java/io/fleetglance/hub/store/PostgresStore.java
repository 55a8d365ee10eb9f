package io.fleetglance.hub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on a PostgreSQL server (plain PostgreSQL 15 or newer, no extension needed), which several hubs may share:
 * the tables of every store, the raw samples partitioned by day (a BRIN index on time), and the leases of the hosts'
 * live streams. Connections come from a HikariCP pool; each commit is one transaction, durable when it returns
 * ({@code synchronous_commit} as the server has it, on by default).
 */
public final class PostgresStore extends JdbcStore implements SharedStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final long DAY_US = 86_400_000_000L;
    /** The store's clock in milliseconds, for the leases. */
    private static final String NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)::bigint";
    /** Advisory lock key (xor a host id) of one host's maintenance. */
    private static final long MAINTENANCE_LOCK = 0x466c656574676c32L;

    private final String location;
    private final HikariDataSource pool;
    private final Clock clock;

    private PostgresStore(String location, HikariDataSource pool, Clock clock) {
        super(clock);
        this.location = location;
        this.pool = pool;
        this.clock = clock;
    }

    /** Whether {@code store} names a PostgreSQL server ({@code postgresql://…} or {@code postgres://…}). */
    public static boolean names(String store) {
        return store != null && (store.startsWith("postgresql://") || store.startsWith("postgres://"));
    }

    /**
     * Opens the store at {@code url} ({@code postgresql://user@host:port/db}, with optional {@code ?key=value}
     * parameters for the driver, such as {@code sslmode=verify-full}), signing in with {@code password} (null for
     * none: trust or peer authentication); creates or migrates its tables.
     */
    public static PostgresStore open(String url, String password, Clock clock) throws StoreException {
        Target target = Target.parse(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        config.setUsername(target.user());
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("fleetglance-pg");
        config.setAutoCommit(false);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "fleetglance-hub");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot open the store " + target.location() + ": " + cause.getMessage()
                    + hint(cause), e);
        }
        PostgresStore store = new PostgresStore(target.location(), pool, clock);
        try {
            try (Connection c = pool.getConnection()) {
                PostgresSchema.migrate(c, target.location());
            }
            store.preparePartitions(clock.millis() * 1000);
            store.loadCaches();
        } catch (SQLException e) {
            pool.close();
            throw store.failure(e);
        } catch (StoreException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return store;
    }

    private static String hint(Throwable cause) {
        if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("28")) {
            return " (give the password in FLEETGLANCE_STORE_PASSWORD or --store-password-file)";
        }
        return "";
    }

    /** A {@code postgresql://} URL taken apart: never with a password in it. */
    record Target(String user, String host, int port, String database, String query) {

        static Target parse(String url) throws StoreException {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new StoreException("--store: not a URL (" + e.getMessage() + "); expected"
                        + " postgresql://user@host:port/database");
            }
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null && userInfo.contains(":")) {
                throw new StoreException("--store: a password does not belong in the URL (it would show in the"
                        + " process list): give it in FLEETGLANCE_STORE_PASSWORD or --store-password-file");
            }
            if (userInfo == null || userInfo.isEmpty() || uri.getHost() == null) {
                throw new StoreException("--store: expected postgresql://user@host:port/database, got a URL without"
                        + " " + (uri.getHost() == null ? "a host" : "a user"));
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (path.isEmpty() || path.contains("/")) {
                throw new StoreException("--store: expected postgresql://user@host:port/database, got no database");
            }
            return new Target(userInfo, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path,
                    uri.getRawQuery());
        }

        String jdbcUrl() {
            String host = this.host.contains(":") && !this.host.startsWith("[") ? "[" + this.host + "]" : this.host;
            return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
        }

        String location() {
            return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    protected <T> T writing(SqlWork<T> work) throws SQLException {
        synchronized (writeLock) {
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            }
        }
    }

    @Override
    protected <T> T reading(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                return work.run(c);
            } finally {
                c.rollback(); // a read-only transaction: ended, not left open in the pool
            }
        }
    }

    @Override
    protected StoreException failure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String m = String.valueOf(e.getMessage());
        if (e instanceof SQLTransientConnectionException || state.startsWith("08") || state.startsWith("57P")) {
            return new StoreException("cannot reach the store " + location + " (" + m + "): samples stay"
                    + " unacknowledged at their agents until it answers again", e);
        }
        if (state.startsWith("53")) {
            return new StoreException("cannot write the store " + location + " (" + m + "): free disk space on the"
                    + " database server; samples stay unacknowledged at their agents meanwhile", e);
        }
        if (state.startsWith("28") || state.startsWith("42501")) {
            return new StoreException("the store " + location + " refused this hub (" + m + "): check the user, its"
                    + " password and its rights on the database", e);
        }
        return new StoreException("the store " + location + " failed: " + m, e);
    }

    @Override
    protected long usedBytes(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT pg_database_size(current_database())")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    @Override
    protected boolean maintaining(Connection c, long hostId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            p.setLong(1, MAINTENANCE_LOCK ^ hostId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    @Override
    public boolean maintainSome(long nowUs, Retention retention, long budgetNanos) throws StoreException {
        if (retention.maxBytes() > 0) {
            throw new StoreException("[fleet] store_max_mib is for the embedded store: on PostgreSQL the retentions"
                    + " bound the data, and the database server's own limits its disk");
        }
        preparePartitions(nowUs);
        if (!super.maintainSome(nowUs, retention, budgetNanos)) {
            return false;
        }
        dropExpiredPartitions(nowUs - retention.raw().toNanos() / 1000);
        return true;
    }

    /** Daily partitions of the raw samples from yesterday to tomorrow; anything else lands in the default one. */
    private void preparePartitions(long nowUs) throws StoreException {
        long today = Math.floorDiv(nowUs, DAY_US);
        for (long day = today - 1; day <= today + 1; day++) {
            String name = "raw_" + LocalDate.ofEpochDay(day).format(DAY);
            String sql = "CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF raw FOR VALUES FROM (" + day * DAY_US
                    + ") TO (" + (day + 1) * DAY_US + ")";
            try {
                writing(c -> transaction(c, tx -> {
                    try (Statement s = tx.createStatement()) {
                        return s.execute(sql);
                    }
                }));
            } catch (SQLException e) {
                // another hub made it meanwhile, or late samples of that day are in the default partition already:
                // they stay there, as readable as anywhere else
                log.debug("partition {} not created: {}", name, e.getMessage());
            }
        }
    }

    /** Drops the daily partitions that end before {@code cutUs} and hold nothing any more. */
    private void dropExpiredPartitions(long cutUs) throws StoreException {
        try {
            writing(c -> transaction(c, tx -> {
                List<String> names = new ArrayList<>();
                try (Statement s = tx.createStatement(); ResultSet r = s.executeQuery("SELECT c.relname FROM"
                        + " pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'raw'::regclass"
                        + " AND c.relname ~ '^raw_[0-9]{8}$'")) {
                    while (r.next()) {
                        names.add(r.getString(1));
                    }
                }
                for (String name : names) {
                    long day = LocalDate.parse(name.substring(4), DAY).toEpochDay();
                    if ((day + 1) * DAY_US > cutUs) {
                        continue;
                    }
                    try (Statement s = tx.createStatement()) {
                        boolean empty;
                        try (ResultSet r = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + name + ")")) {
                            empty = r.next() && r.getBoolean(1);
                        }
                        if (empty) {
                            s.execute("DROP TABLE " + name);
                        }
                    }
                }
                return null;
            }));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public boolean takeLease(String name, String hubId, String url, long ttlMs) throws StoreException {
        return writeNow(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO leases(name, hub, url, expires_ms)"
                    + " VALUES (?, ?, ?, " + NOW_MS + " + ?) ON CONFLICT(name) DO UPDATE SET hub = excluded.hub,"
                    + " url = excluded.url, expires_ms = excluded.expires_ms"
                    + " WHERE leases.hub = excluded.hub OR leases.expires_ms < " + NOW_MS + " RETURNING hub")) {
                p.setString(1, name);
                p.setString(2, hubId);
                p.setString(3, url);
                p.setLong(4, ttlMs);
                try (ResultSet r = p.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    @Override
    public Set<String> renewLeases(String hubId, Collection<String> names, long ttlMs) throws StoreException {
        if (names.isEmpty()) {
            return Set.of();
        }
        return writeNow(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE leases SET expires_ms = " + NOW_MS + " + ?"
                    + " WHERE hub = ? AND name = ANY(?) RETURNING name")) {
                p.setLong(1, ttlMs);
                p.setString(2, hubId);
                p.setArray(3, c.createArrayOf("text", names.toArray()));
                Set<String> held = new HashSet<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        held.add(r.getString(1));
                    }
                }
                return held;
            }
        });
    }

    @Override
    public void dropLease(String name, String hubId) throws StoreException {
        writeNow(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM leases WHERE name = ? AND hub = ?")) {
                p.setString(1, name);
                p.setString(2, hubId);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public Map<String, String> leases() throws StoreException {
        try {
            return reading(c -> {
                Map<String, String> out = new LinkedHashMap<>();
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                        "SELECT name, url FROM leases WHERE expires_ms >= " + NOW_MS + " ORDER BY name")) {
                    while (r.next()) {
                        out.put(r.getString(1), r.getString(2));
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<StoredHost> host(String name) throws StoreException {
        try {
            return reading(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT " + HOST_COLUMNS + " WHERE h.name = ?")) {
                    p.setString(1, name);
                    try (ResultSet r = p.executeQuery()) {
                        return r.next() ? Optional.of(storedHost(r)) : Optional.empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void adopt(String name) throws StoreException {
        try {
            reading(c -> series.loadHost(c, name));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * A short transaction of its own outside the group commit (leases): on its own pooled connection, so that it
     * never waits behind a batch of samples.
     */
    private <T> T writeNow(SqlWork<T> work) throws StoreException {
        try (Connection c = pool.getConnection()) {
            return transaction(c, work);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            pool.close();
        }
    }
}
