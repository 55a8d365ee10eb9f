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
public final class SqliteStore implements HubStore {

    /** The store's file name in the hub's state directory. */
    public static final String FILE_NAME = "hub.db";

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final StoreSeries series = new StoreSeries();
    private final StoreTiers tiers;
    private final AtomicLong commits = new AtomicLong();
    private Path temporaryDir;

    private SqliteStore(Path file, Connection writer, Connection reader, Clock clock) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
        this.tiers = new StoreTiers(writer, reader, series, clock, file);
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
            w = DriverManager.getConnection(url);
            try (Statement s = w.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA journal_mode = WAL");
                // FULL: a commit's WAL frames are fsynced before it returns, so an acked seq survives power loss too
                s.execute("PRAGMA synchronous = FULL");
            }
            w.setAutoCommit(false);
            StoreSchema.migrate(w, file);
            w.commit();
            r = DriverManager.getConnection(url);
            try (Statement s = r.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            }
            SqliteStore store = new SqliteStore(file, w, r, clock);
            store.series.load(r);
            store.tiers.loadMarks(r);
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

    /** How many transactions were committed (each one fsync of the WAL). */
    public long commits() {
        return commits.get();
    }

    @Override
    public List<StoredHost> hosts() {
        synchronized (reader) {
            List<StoredHost> out = new ArrayList<>();
            try (Statement s = reader.createStatement(); ResultSet r = s.executeQuery("SELECT name, agent_id,"
                    + " credential, hello, period_ms, last_seen_ms, last_seq, dropped, missed, events FROM hosts"
                    + " ORDER BY id")) {
                while (r.next()) {
                    byte[] hello = r.getBytes(4);
                    out.add(new StoredHost(r.getString(1), r.getString(2), r.getString(3),
                            hello == null ? new byte[0] : hello, r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8),
                            r.getLong(9), r.getString(10)));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(corrupt(file, e).getMessage(), e);
            }
            return out;
        }
    }

    @Override
    public List<byte[]> lastSamples(String host) {
        Long id = series.hostId(host);
        if (id == null) {
            return List.of();
        }
        synchronized (reader) {
            List<byte[]> out = new ArrayList<>();
            try (PreparedStatement p = reader.prepareStatement(
                    "SELECT data FROM last_samples WHERE host_id = ? ORDER BY seq")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getBytes(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(corrupt(file, e).getMessage(), e);
            }
            return out;
        }
    }

    @Override
    public Map<String, Map<String, List<StoredPoint>>> recentHistory(String host, int perSeries) {
        Long id = series.hostId(host);
        if (id == null) {
            return Map.of();
        }
        List<long[]> times = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        synchronized (reader) {
            try (PreparedStatement p = reader.prepareStatement(
                    "SELECT time_us, data FROM raw WHERE host_id = ? ORDER BY time_us DESC LIMIT ?")) {
                p.setLong(1, id);
                p.setInt(2, perSeries);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        times.add(new long[] {r.getLong(1)});
                        blobs.add(r.getBytes(2));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(corrupt(file, e).getMessage(), e);
            }
        }
        // series in the order they first appeared (their ids), each with its points oldest first
        Map<Integer, List<StoredPoint>> byId = new TreeMap<>();
        for (int i = blobs.size() - 1; i >= 0; i--) {
            long t = times.get(i)[0];
            SampleBlob.read(blobs.get(i), (value, sid) ->
                    byId.computeIfAbsent(sid, k -> new ArrayList<>()).add(new StoredPoint(t, value)));
        }
        Map<String, Map<String, List<StoredPoint>>> out = new LinkedHashMap<>();
        byId.forEach((sid, points) -> {
            String[] key = series.name(id, sid);
            if (key != null) {
                out.computeIfAbsent(key[0], k -> new LinkedHashMap<>()).put(key[1], points);
            }
        });
        return out;
    }

    @Override
    public void commit(List<StoreOp> ops) throws StoreException {
        synchronized (writer) {
            StoreSeries.Pending pending = series.begin();
            Map<Long, List<StoreOp.HostSample>> lastTwo = new HashMap<>();
            List<String> forgotten = new ArrayList<>();
            try {
                for (StoreOp op : ops) {
                    if (op instanceof StoreOp.HostSample s) {
                        long id = upsertHost(s.host(), s.eventsChanged(), pending);
                        SampleBlob blob = new SampleBlob();
                        for (StoreOp.SeriesValue v : s.points()) {
                            blob.add(series.seriesId(writer, id, v.plugin(), v.item(), pending), v.value());
                        }
                        try (PreparedStatement p = writer.prepareStatement(
                                "INSERT OR REPLACE INTO raw(host_id, time_us, data) VALUES (?, ?, ?)")) {
                            p.setLong(1, id);
                            p.setLong(2, s.timeUs());
                            p.setBytes(3, blob.bytes());
                            p.executeUpdate();
                        }
                        tiers.noteSample(id, s.timeUs());
                        List<StoreOp.HostSample> last = lastTwo.computeIfAbsent(id, k -> new ArrayList<>(3));
                        last.add(s);
                        if (last.size() > 2) {
                            last.remove(0);
                        }
                    } else if (op instanceof StoreOp.HostUpdate u) {
                        upsertHost(u.host(), true, pending);
                    } else if (op instanceof StoreOp.ForgetHost f) {
                        Long id = series.hostId(f.name());
                        if (id != null) {
                            lastTwo.remove(id);
                            forget(id);
                            tiers.forgetHost(id);
                            forgotten.add(f.name());
                            // at once: a new holder of the name later in this batch gets a new id
                            series.forgetHost(f.name());
                        }
                    }
                }
                try (PreparedStatement p = writer.prepareStatement(
                        "INSERT OR REPLACE INTO last_samples(host_id, slot, seq, data) VALUES (?, ?, ?, ?)")) {
                    for (Map.Entry<Long, List<StoreOp.HostSample>> e : lastTwo.entrySet()) {
                        for (StoreOp.HostSample s : e.getValue()) {
                            p.setLong(1, e.getKey());
                            p.setLong(2, s.seq() & 1);
                            p.setLong(3, s.seq());
                            p.setBytes(4, s.rawSample());
                            p.executeUpdate();
                        }
                    }
                }
                writer.commit();
                commits.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                try {
                    writer.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken: the next commit will say so
                }
                series.rollback(pending);
                if (!forgotten.isEmpty()) {
                    series.reload(writer);
                }
                tiers.rollback();
                if (e instanceof SQLException sql) {
                    throw corrupt(file, sql);
                }
                throw new StoreException("the store " + file + " failed: " + e, e);
            }
        }
    }

    private long upsertHost(StoredHost h, boolean full, StoreSeries.Pending pending) throws SQLException {
        String update = full
                ? "agent_id = excluded.agent_id, credential = excluded.credential, hello = excluded.hello,"
                        + " period_ms = excluded.period_ms, events = excluded.events, "
                : "";
        try (PreparedStatement p = writer.prepareStatement("INSERT INTO hosts(name, agent_id, credential, hello,"
                + " period_ms, last_seen_ms, last_seq, dropped, missed, events) VALUES (?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT(name) DO UPDATE SET " + update + "last_seen_ms = excluded.last_seen_ms,"
                + " last_seq = excluded.last_seq, dropped = excluded.dropped, missed = excluded.missed")) {
            p.setString(1, h.name());
            p.setString(2, h.agentId());
            p.setString(3, h.credential());
            p.setBytes(4, h.hello());
            p.setLong(5, h.periodMs());
            p.setLong(6, h.lastSeenMillis());
            p.setLong(7, h.lastSeq());
            p.setLong(8, h.droppedSamples());
            p.setLong(9, h.missedSamples());
            p.setString(10, h.eventsJson());
            p.executeUpdate();
        }
        return series.hostIdOrLookup(writer, h.name(), pending);
    }

    private void forget(long id) throws SQLException {
        for (String table : List.of("raw", "rollup", "rollup_marks", "last_samples", "series")) {
            try (PreparedStatement p = writer.prepareStatement("DELETE FROM " + table + " WHERE host_id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
        }
        try (PreparedStatement p = writer.prepareStatement("DELETE FROM hosts WHERE id = ?")) {
            p.setLong(1, id);
            p.executeUpdate();
        }
    }

    @Override
    public HistoryRange range(String host, String plugin, long fromUs, long toUs, int points) throws StoreException {
        return tiers.range(host, plugin, fromUs, toUs, points);
    }

    @Override
    public void maintain(long nowUs, Retention retention) throws StoreException {
        synchronized (writer) {
            tiers.maintain(nowUs, retention);
        }
    }

    @Override
    public Optional<String> boundCredential(String name) throws StoreException {
        synchronized (reader) {
            try (PreparedStatement p = reader.prepareStatement("SELECT credential FROM name_bindings WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw corrupt(file, e);
            }
        }
    }

    @Override
    public void bind(String name, String credentialHash) throws StoreException {
        changeBinding("INSERT OR REPLACE INTO name_bindings(name, credential) VALUES (?, ?)", name, credentialHash);
    }

    @Override
    public boolean release(String name) throws StoreException {
        return changeBinding("DELETE FROM name_bindings WHERE name = ?", name, null) > 0;
    }

    // its own transaction on the writer, between two batched commits, fsynced before it returns
    private int changeBinding(String sql, String name, String credentialHash) throws StoreException {
        synchronized (writer) {
            try (PreparedStatement p = writer.prepareStatement(sql)) {
                p.setString(1, name);
                if (credentialHash != null) {
                    p.setString(2, credentialHash);
                }
                int changed = p.executeUpdate();
                writer.commit();
                return changed;
            } catch (SQLException e) {
                try {
                    writer.rollback();
                } catch (SQLException ignored) {
                    // the binding is not kept either way
                }
                throw new StoreException("cannot write the host name bindings in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Bytes the store's data takes (pages in use), for the disk budget and benchmarks. */
    public long usedBytes() throws StoreException {
        return tiers.usedBytes();
    }

    @Override
    public void close() {
        synchronized (writer) {
            try (Statement s = writer.createStatement()) {
                writer.commit();
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException ignored) {
                // closing anyway: the WAL is replayed at the next open
            }
            closeQuietly(writer);
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
