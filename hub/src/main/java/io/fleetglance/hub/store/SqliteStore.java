package io.fleetglance.hub.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The hub's embedded store: one SQLite file in WAL mode with full sync, so a commit is on disk when it returns.
 * One connection writes (the group-commit thread), another reads (startup, range requests), side by side as WAL allows.
 */
public final class SqliteStore extends JdbcStore {

    /** The store's file name in the hub's state directory. */
    public static final String FILE_NAME = "hub.db";

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final String url;
    /** Null after a failed write until the next write opens a new one: see {@link #writing}. */
    private Connection writer;
    private final Connection reader;
    private Path temporaryDir;

    private SqliteStore(Path file, String url, Connection writer, Connection reader, Clock clock) {
        super(clock);
        this.file = file;
        this.url = url;
        this.writer = writer;
        this.reader = reader;
    }

    /** Opens (or creates) the store {@code hub.db} in {@code stateDir}. */
    public static SqliteStore open(Path stateDir, Clock clock) throws StoreException {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new StoreException("cannot create the state directory " + stateDir + " (" + e.getMessage()
                    + "): create it, or pass another --state-dir");
        }
        if (!Files.isWritable(stateDir)) {
            throw new StoreException("the state directory " + stateDir + " is not writable by this user: fix its"
                    + " permissions, or pass another --state-dir");
        }
        if (Files.exists(file)) {
            if (!Files.isWritable(file) || !Files.isReadable(file)) {
                throw new StoreException("the store " + file + " is not readable and writable by this user: fix its"
                        + " permissions, or pass another --state-dir");
            }
            checkHeader(file);
        }
        return connect("jdbc:sqlite:" + file, file, clock);
    }

    /** A throwaway store in a fresh temporary directory, removed on close: for hubs started without a state dir. */
    public static SqliteStore temporary(Clock clock) throws StoreException {
        Path dir;
        try {
            dir = Files.createTempDirectory("fleetglance-hub-");
        } catch (IOException e) {
            throw new StoreException("cannot create a temporary store directory: " + e.getMessage(), e);
        }
        SqliteStore store = open(dir, clock);
        store.temporaryDir = dir;
        return store;
    }

    private static SqliteStore connect(String url, Path file, Clock clock) throws StoreException {
        Connection w = null;
        Connection r = null;
        try {
            w = openWriter(url);
            StoreSchema.migrate(w, file);
            w.commit();
            r = DriverManager.getConnection(url);
            try (Statement s = r.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            }
            SqliteStore store = new SqliteStore(file, url, w, r, clock);
            store.loadCaches();
            return store;
        } catch (SQLException e) {
            closeQuietly(w);
            closeQuietly(r);
            throw corrupt(file, e);
        } catch (StoreException e) {
            closeQuietly(w);
            closeQuietly(r);
            throw e;
        }
    }

    /** The connection that writes: WAL, every commit synced, in a transaction from the start (autocommit off). */
    private static Connection openWriter(String url) throws SQLException {
        Connection w = DriverManager.getConnection(url);
        try (Statement s = w.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("PRAGMA journal_mode = WAL");
            // FULL: a commit's WAL frames are fsynced before it returns, so an acked seq survives power loss too
            s.execute("PRAGMA synchronous = FULL");
            // Each commit rewrites a page or two per host of its batch; over a few seconds every host comes back to
            // the same pages. A 64 MiB WAL between checkpoints copies such a page into the file once, not at every
            // 1,000 pages (4 MiB, the default), and 64 MiB of cache keeps them at hand: measured at 1,000 hosts, the
            // hub's CPU per sample drops by about a seventh. SQLite takes the cache as pages are used: a small
            // fleet's hub stays small.
            s.execute("PRAGMA cache_size = -65536");
            s.execute("PRAGMA wal_autocheckpoint = 16384");
            w.setAutoCommit(false);
            return w;
        } catch (SQLException e) {
            closeQuietly(w);
            throw e;
        }
    }

    /** A file cut short or not SQLite at all is refused before SQLite sees it: never started empty over it. */
    private static void checkHeader(Path file) throws StoreException {
        byte[] head = new byte[100];
        long length;
        try (InputStream in = Files.newInputStream(file)) {
            length = Files.size(file);
            int n = in.readNBytes(head, 0, head.length);
            if (length == 0) {
                return; // created but never written: nothing to lose
            }
            if (n < head.length || !Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw new StoreException(file + " is not a Fleetglance store (no SQLite header): it is corrupt or"
                        + " another file; move it away to start an empty store, or restore it from a backup");
            }
        } catch (IOException e) {
            throw new StoreException("cannot read the store " + file + " (" + e.getMessage() + "): fix its"
                    + " permissions, or pass another --state-dir");
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        int pageSize = Short.toUnsignedInt(b.getShort(16));
        pageSize = pageSize == 1 ? 65536 : pageSize;
        long pages = Integer.toUnsignedLong(b.getInt(28));
        boolean countValid = b.getInt(24) == b.getInt(92);
        if (countValid && pages * pageSize > length) {
            throw new StoreException(file + " is truncated (" + length + " bytes, its header says " + pages * pageSize
                    + "): restore it from a backup, or move it away to start an empty store");
        }
    }

    static StoreException corrupt(Path file, SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB") || m.contains("malformed")
                || m.contains("not a database")) {
            return new StoreException(file + " is corrupt (" + m + "): restore it from a backup, or move it away to"
                    + " start an empty store", e);
        }
        if (m.contains("SQLITE_FULL") || m.contains("SQLITE_IOERR") || m.contains("SQLITE_READONLY")
                || m.contains("SQLITE_CANTOPEN")) {
            return new StoreException("cannot write the store " + file + " (" + m + "): free disk space or fix"
                    + " permissions; samples stay unacknowledged at their agents meanwhile", e);
        }
        return new StoreException("the store " + file + " failed: " + m, e);
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    protected <T> T writing(SqlWork<T> work) throws SQLException {
        synchronized (writeLock) {
            if (writer == null) {
                writer = openWriter(url);
            }
            try {
                return work.run(writer);
            } catch (SQLException | RuntimeException e) {
                // SQLite rolls a transaction back itself on some errors (a full disk: SQLITE_FULL); the driver's own
                // rollback then fails before it begins the next transaction, and every later statement would commit
                // on its own. The next write gets a new connection; closing this one rolls back whatever is open.
                closeQuietly(writer);
                writer = null;
                throw e;
            }
        }
    }

    @Override
    protected <T> T reading(SqlWork<T> work) throws SQLException {
        synchronized (reader) {
            return work.run(reader);
        }
    }

    @Override
    protected StoreException failure(SQLException e) {
        return corrupt(file, e);
    }

    @Override
    protected long usedBytes(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            long pages;
            long free;
            long size;
            try (ResultSet r = s.executeQuery("PRAGMA page_count")) {
                pages = r.next() ? r.getLong(1) : 0;
            }
            try (ResultSet r = s.executeQuery("PRAGMA freelist_count")) {
                free = r.next() ? r.getLong(1) : 0;
            }
            try (ResultSet r = s.executeQuery("PRAGMA page_size")) {
                size = r.next() ? r.getLong(1) : 0;
            }
            return (pages - free) * size;
        }
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            if (writer != null) {
                try (Statement s = writer.createStatement()) {
                    writer.commit();
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                } catch (SQLException ignored) {
                    // closing anyway: the WAL is replayed at the next open
                }
                closeQuietly(writer);
            }
        }
        synchronized (reader) {
            closeQuietly(reader);
        }
        if (temporaryDir != null) {
            try (Stream<Path> files = Files.list(temporaryDir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(temporaryDir);
            } catch (IOException ignored) {
                // a temporary directory left behind is harmless
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

}
