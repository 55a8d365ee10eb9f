package io.fleetglance.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the hub's stores share over JDBC: the tables (hosts, series dictionaries, one blob of points per raw sample,
 * rollups, the last raw samples, name bindings), the group commit and the tiers. An engine gives its connections
 * ({@link #writing}, {@link #reading}), its schema and what its errors mean; its SQL is the common subset of SQLite and
 * PostgreSQL (upserts with {@code ON CONFLICT}).
 */
public abstract class JdbcStore implements HubStore {

    /** Work on one connection. */
    @FunctionalInterface
    protected interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    final StoreSeries series = new StoreSeries();
    final StoreTiers tiers;
    private final AtomicLong commits = new AtomicLong();
    /** Held while writing: one writer at a time in this process (the group commit, a bind, maintenance). */
    protected final Object writeLock = new Object();

    protected JdbcStore(Clock clock) {
        this.tiers = new StoreTiers(this, series, clock);
    }

    /** Runs {@code work} on {@code c}, then commits; on a failure rolls back (a broken connection too) and rethrows. */
    protected static <T> T transaction(Connection c, SqlWork<T> work) throws SQLException {
        try {
            T out = work.run(c);
            c.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is broken: nothing was kept either way
            }
            throw e;
        }
    }

    /** Runs {@code work} on the connection that writes, with the write lock held; the work commits. */
    protected abstract <T> T writing(SqlWork<T> work) throws SQLException;

    /** Runs {@code work} on a connection that reads, from any thread. */
    protected abstract <T> T reading(SqlWork<T> work) throws SQLException;

    /** What an error of this engine means for the operator, as a store exception. */
    protected abstract StoreException failure(SQLException e);

    /** Bytes the store's data takes, for the disk budget. */
    protected abstract long usedBytes(Connection c) throws SQLException;

    /**
     * In a maintenance transaction: whether this hub rolls up and prunes {@code hostId} now (false while another hub
     * sharing the store does).
     */
    protected boolean maintaining(Connection c, long hostId) throws SQLException {
        return true;
    }

    /** Loads the dictionaries and rollup marks: the last step of opening. */
    protected final void loadCaches() throws SQLException {
        reading(c -> {
            series.load(c);
            return null;
        });
    }

    /** How many transactions were committed. */
    public long commits() {
        return commits.get();
    }

    @Override
    public List<StoredHost> hosts() {
        return readOrFail(c -> {
            List<StoredHost> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT " + HOST_COLUMNS
                    + " ORDER BY h.id")) {
                while (r.next()) {
                    out.add(storedHost(r));
                }
            }
            return out;
        });
    }

    /** A host's record: its row in hosts and its counters (see StoreSchema), for {@link #storedHost}. */
    static final String HOST_COLUMNS = "h.name, h.agent_id, h.credential, h.hello, h.period_ms, c.last_seen_ms,"
            + " c.last_seq, c.dropped, c.missed, h.events FROM hosts h JOIN host_counters c ON c.host_id = h.id";

    static StoredHost storedHost(ResultSet r) throws SQLException {
        byte[] hello = r.getBytes(4);
        return new StoredHost(r.getString(1), r.getString(2), r.getString(3), hello == null ? new byte[0] : hello,
                r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9), r.getString(10));
    }

    /** A read for an interface method that declares no exception: a failure is an unchecked error naming the store. */
    protected final <T> T readOrFail(SqlWork<T> work) {
        try {
            return reading(work);
        } catch (SQLException e) {
            throw new IllegalStateException(failure(e).getMessage(), e);
        }
    }

    /** The host's id, looked up in the store when another hub created it since the dictionaries were loaded. */
    final Long hostId(Connection c, String host) throws SQLException {
        Long id = series.hostId(host);
        return id != null ? id : series.loadHost(c, host);
    }

    @Override
    public List<byte[]> lastSamples(String host) {
        return readOrFail(c -> {
            Long id = hostId(c, host);
            List<byte[]> out = new ArrayList<>();
            if (id == null) {
                return out;
            }
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT data FROM last_samples WHERE host_id = ? ORDER BY seq")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getBytes(1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, Map<String, List<StoredPoint>>> recentHistory(String host, long afterUs, int perSeries) {
        Map<Long, Map<Integer, JsonNode>> samples = new TreeMap<>();
        Long id = readOrFail(c -> {
            Long hostId = hostId(c, host);
            if (hostId != null) {
                samples.putAll(RawTier.recent(c, hostId, afterUs, perSeries));
            }
            return hostId;
        });
        if (id == null) {
            return Map.of();
        }
        // series in the order they first appeared (their ids), each with its points oldest first
        Map<Integer, List<StoredPoint>> byId = new TreeMap<>();
        samples.forEach((t, points) -> points.forEach((sid, value) ->
                byId.computeIfAbsent(sid, k -> new ArrayList<>()).add(new StoredPoint(t, value))));
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
        synchronized (writeLock) {
            StoreSeries.Pending pending = series.begin();
            List<String> forgotten = new ArrayList<>();
            try {
                writing(c -> {
                    try {
                        write(c, ops, pending, forgotten);
                        c.commit();
                        return null;
                    } catch (SQLException | RuntimeException e) {
                        try {
                            c.rollback();
                        } catch (SQLException ignored) {
                            // the connection is broken: the next commit will say so
                        }
                        series.rollback(pending);
                        if (!forgotten.isEmpty()) {
                            series.reload(c);
                        }
                        throw e;
                    }
                });
                commits.incrementAndGet();
            } catch (SQLException e) {
                throw failure(e);
            } catch (RuntimeException e) {
                throw new StoreException("the store " + location() + " failed: " + e, e);
            }
        }
    }

    /**
     * Writes {@code ops} in order, in batches: each host's newest record once, then every raw sample, then the last two
     * samples of each host (one round trip per statement and batch, not per sample). A forgotten host cuts the list
     * in two, so that a holder of its name later in the same commit starts afresh.
     */
    private void write(Connection c, List<StoreOp> ops, StoreSeries.Pending pending, List<String> forgotten)
            throws SQLException {
        List<StoreOp> segment = new ArrayList<>();
        for (StoreOp op : ops) {
            if (op instanceof StoreOp.ForgetHost f) {
                writeSegment(c, segment, pending);
                segment.clear();
                Long id = hostId(c, f.name());
                if (id != null) {
                    forget(c, id);
                    forgotten.add(f.name());
                    // at once: a new holder of the name later in this batch gets a new id
                    series.forgetHost(f.name());
                }
            } else {
                segment.add(op);
            }
        }
        writeSegment(c, segment, pending);
    }

    private void writeSegment(Connection c, List<StoreOp> ops, StoreSeries.Pending pending) throws SQLException {
        if (ops.isEmpty()) {
            return;
        }
        // each host's newest record (a record is the host's whole state), its big columns written when any op asks
        Map<String, StoredHost> records = new LinkedHashMap<>();
        Map<String, Boolean> full = new HashMap<>();
        for (StoreOp op : ops) {
            if (op instanceof StoreOp.HostSample s) {
                records.put(s.host().name(), s.host());
                full.merge(s.host().name(), s.eventsChanged(), Boolean::logicalOr);
            } else if (op instanceof StoreOp.HostUpdate u) {
                records.put(u.host().name(), u.host());
                full.put(u.host().name(), true);
            }
        }
        upsertHosts(c, records, full, pending);
        // one row per key and statement (a multi-row upsert may not touch a row twice): the later sample wins
        Map<List<Long>, byte[]> rawRows = new LinkedHashMap<>();
        Map<List<Long>, StoreOp.HostSample> lastSamples = new LinkedHashMap<>();
        Map<Long, Long> oldest = new HashMap<>();
        for (StoreOp op : ops) {
            if (!(op instanceof StoreOp.HostSample s)) {
                continue;
            }
            long id = series.hostIdOrLookup(c, s.host().name(), pending);
            SampleBlob blob = new SampleBlob();
            Map<String, Map<String, Integer>> known = series.hostSeries(id);
            for (StoreOp.SeriesValue v : s.points()) {
                blob.add(series.seriesId(c, id, known, v.plugin(), v.item(), pending), v.value());
            }
            rawRows.put(List.of(id, s.timeUs()), blob.bytes());
            oldest.merge(id, s.timeUs(), Math::min);
            // slots by seq: the host's last chains of a whole sample and its deltas (see StoreOp.SAMPLE_SLOTS)
            lastSamples.put(List.of(id, s.seq() % StoreOp.SAMPLE_SLOTS), s);
        }
        try (PreparedStatement raw = c.prepareStatement("INSERT INTO raw(host_id, time_us, data) VALUES (?, ?, ?)"
                + " ON CONFLICT(host_id, time_us) DO UPDATE SET data = excluded.data")) {
            for (Map.Entry<List<Long>, byte[]> e : rawRows.entrySet()) {
                raw.setLong(1, e.getKey().get(0));
                raw.setLong(2, e.getKey().get(1));
                raw.setBytes(3, e.getValue());
                raw.addBatch();
            }
            raw.executeBatch();
        }
        tiers.noteLate(c, oldest);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO last_samples(host_id, slot, seq, data)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT(host_id, slot) DO UPDATE SET seq = excluded.seq,"
                + " data = excluded.data");
                PreparedStatement behind = c.prepareStatement(
                        "DELETE FROM last_samples WHERE host_id = ? AND seq > ?")) {
            boolean anyBehind = false;
            for (Map.Entry<List<Long>, StoreOp.HostSample> e : lastSamples.entrySet()) {
                if (e.getValue().wholeSample()) {
                    behind.setLong(1, e.getKey().get(0));
                    behind.setLong(2, e.getValue().seq());
                    behind.addBatch();
                    anyBehind = true;
                }
                p.setLong(1, e.getKey().get(0));
                p.setInt(2, e.getKey().get(1).intValue());
                p.setLong(3, e.getValue().seq());
                p.setBytes(4, e.getValue().rawSample().get());
                p.addBatch();
            }
            if (anyBehind) {
                behind.executeBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * Two batches: the hosts row of each host whose record changed or that the store has not got yet, then the
     * counters of every host (the common case: a sample changes those only, see StoreSchema).
     */
    private void upsertHosts(Connection c, Map<String, StoredHost> records, Map<String, Boolean> full,
            StoreSeries.Pending pending) throws SQLException {
        try (PreparedStatement whole = c.prepareStatement("INSERT INTO hosts(name, agent_id, credential, hello,"
                + " period_ms, events) VALUES (?,?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET"
                + " agent_id = excluded.agent_id, credential = excluded.credential, hello = excluded.hello,"
                + " period_ms = excluded.period_ms, events = excluded.events")) {
            List<String> written = new ArrayList<>();
            for (StoredHost h : records.values()) {
                if (!full.getOrDefault(h.name(), false) && series.hostId(h.name()) != null) {
                    continue;
                }
                written.add(h.name());
                whole.setString(1, h.name());
                whole.setString(2, h.agentId());
                whole.setString(3, h.credential());
                whole.setBytes(4, h.hello());
                whole.setLong(5, h.periodMs());
                whole.setString(6, h.eventsJson());
                whole.addBatch();
            }
            if (!written.isEmpty()) {
                whole.executeBatch();
            }
            for (String name : written) {
                series.hostIdAfterWrite(c, name, pending);
            }
        }
        try (PreparedStatement counters = c.prepareStatement("INSERT INTO host_counters(host_id, last_seen_ms,"
                + " last_seq, dropped, missed) VALUES (?,?,?,?,?) ON CONFLICT(host_id) DO UPDATE SET"
                + " last_seen_ms = excluded.last_seen_ms, last_seq = excluded.last_seq, dropped = excluded.dropped,"
                + " missed = excluded.missed")) {
            for (StoredHost h : records.values()) {
                counters.setLong(1, series.hostIdOrLookup(c, h.name(), pending));
                counters.setLong(2, h.lastSeenMillis());
                counters.setLong(3, h.lastSeq());
                counters.setLong(4, h.droppedSamples());
                counters.setLong(5, h.missedSamples());
                counters.addBatch();
            }
            if (!records.isEmpty()) {
                counters.executeBatch();
            }
        }
    }

    private static void forget(Connection c, long id) throws SQLException {
        for (String table : List.of("raw", "raw_chunks", "rollup", "rollup_marks", "last_samples",
                "series", "host_counters")) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE host_id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM hosts WHERE id = ?")) {
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
        synchronized (writeLock) {
            tiers.startNewRound();
            maintainSome(nowUs, retention, Long.MAX_VALUE);
        }
    }

    @Override
    public boolean maintainSome(long nowUs, Retention retention, long budgetNanos) throws StoreException {
        synchronized (writeLock) {
            return tiers.maintainSome(nowUs, retention, budgetNanos);
        }
    }

    @Override
    public Optional<String> boundCredential(String name) throws StoreException {
        try {
            return reading(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT credential FROM name_bindings WHERE name = ?")) {
                    p.setString(1, name);
                    try (ResultSet r = p.executeQuery()) {
                        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void bind(String name, String credentialHash) throws StoreException {
        changeBinding("INSERT INTO name_bindings(name, credential) VALUES (?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET credential = excluded.credential", name, credentialHash);
    }

    @Override
    public boolean release(String name) throws StoreException {
        return changeBinding("DELETE FROM name_bindings WHERE name = ?", name, null) > 0;
    }

    // its own transaction, between two batched commits, durable before it returns
    private int changeBinding(String sql, String name, String credentialHash) throws StoreException {
        synchronized (writeLock) {
            try {
                return writing(c -> transaction(c, tx -> {
                    try (PreparedStatement p = tx.prepareStatement(sql)) {
                        p.setString(1, name);
                        if (credentialHash != null) {
                            p.setString(2, credentialHash);
                        }
                        return p.executeUpdate();
                    }
                }));
            } catch (SQLException e) {
                throw new StoreException("cannot write the host name bindings in " + location() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Bytes the store's data takes, for the disk budget and benchmarks. */
    public long usedBytes() throws StoreException {
        try {
            return reading(this::usedBytes);
        } catch (SQLException e) {
            throw failure(e);
        }
    }
}
