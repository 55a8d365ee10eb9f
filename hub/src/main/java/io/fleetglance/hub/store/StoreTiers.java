package io.fleetglance.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history tiers of the store: raw points, min/avg/max per minute (rolled up from raw) and per hour (from
 * minutes), each pruned at its retention; and the range reads that choose a tier. Rollups are recomputed for a host
 * from the oldest late sample on, so that an agent's backlog, resent after an outage, is in its minutes and hours too.
 */
final class StoreTiers {

    private static final Logger log = LoggerFactory.getLogger(StoreTiers.class);
    static final long MINUTE_US = 60_000_000L;
    static final long HOUR_US = 3_600_000_000L;
    /** Minutes this recent are not rolled up yet: their samples may still be arriving. */
    private static final long SETTLE_US = 2 * MINUTE_US;

    private final JdbcStore store;
    private final StoreSeries series;
    private final Clock clock;
    /** Where the round of maintenance under way goes on: the hosts from this id on are still to do. */
    private long nextHostId = Long.MIN_VALUE;

    StoreTiers(JdbcStore store, StoreSeries series, Clock clock) {
        this.store = store;
        this.series = series;
        this.clock = clock;
    }

    /**
     * In a write transaction: moves the minute marks of the hosts that got samples older than any minute that can
     * have been rolled up back to those samples, so that the next maintenance rolls their minutes and hours up again.
     * It is in the store, so it survives a crash and holds whichever hub maintains the host.
     *
     * @param oldest host id → the oldest sample time of this transaction
     */
    void noteLate(Connection c, Map<Long, Long> oldest) throws SQLException {
        long settled = clock.millis() * 1000 - SETTLE_US;
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE rollup_marks SET done_until = ? WHERE host_id = ? AND step = 60 AND done_until > ?")) {
            for (Map.Entry<Long, Long> e : oldest.entrySet()) {
                if (e.getValue() < settled) {
                    long minute = Math.floorDiv(e.getValue(), MINUTE_US) * MINUTE_US;
                    p.setLong(1, minute);
                    p.setLong(2, e.getKey());
                    p.setLong(3, minute);
                    p.executeUpdate();
                }
            }
        }
    }

    /**
     * Maintains host after host, going on where the previous call stopped, until {@code budgetNanos} is spent (at
     * least one host per call); true once a whole round is done (the disk budget last), and the next call starts
     * another. Each host is its own transaction, so the writer's other work (the streams' commits, hence their acks)
     * waits at most about one budget.
     */
    boolean maintainSome(long nowUs, Retention retention, long budgetNanos) throws StoreException {
        useRetention(retention);
        long started = System.nanoTime();
        try {
            return store.writing(c -> JdbcStore.transaction(c, tx -> {
                boolean didOne = false;
                for (long hostId : hostIds(tx)) {
                    if (hostId < nextHostId) {
                        continue; // done earlier in this round
                    }
                    if (didOne && System.nanoTime() - started >= budgetNanos) {
                        nextHostId = hostId;
                        return false;
                    }
                    didOne = true;
                    if (!store.maintaining(tx, hostId)) {
                        continue; // another hub is at it
                    }
                    long[] minutes = rollMinutes(tx, hostId, nowUs);
                    rollHours(tx, hostId, minutes);
                    if (minutes[0] >= 0) {
                        // what is rolled up is settled: into chunks
                        RawTier.compact(tx, hostId, minutes[0]);
                    }
                    prune(tx, hostId, nowUs, retention, minutes[0]);
                    tx.commit();
                }
                enforceBudget(tx, nowUs, retention);
                nextHostId = Long.MIN_VALUE;
                return true;
            }));
        } catch (SQLException e) {
            throw store.failure(e);
        }
    }

    /** Forgets where a round of {@link #maintainSome} stopped: the next call starts a new round. */
    void startNewRound() {
        nextHostId = Long.MIN_VALUE;
    }

    private static List<Long> hostIds(Connection c) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM hosts ORDER BY id")) {
            while (r.next()) {
                out.add(r.getLong(1));
            }
        }
        return out;
    }

    private static long mark(Connection c, long hostId, long step, String defaultQuery) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT done_until FROM rollup_marks WHERE host_id = ? AND step = ?")) {
            p.setLong(1, hostId);
            p.setLong(2, step);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    return r.getLong(1);
                }
            }
        }
        if (defaultQuery == null) {
            return Long.MIN_VALUE;
        }
        try (PreparedStatement p = c.prepareStatement(defaultQuery)) {
            for (int i = 1; i <= defaultQuery.chars().filter(ch -> ch == '?').count(); i++) {
                p.setLong(i, hostId);
            }
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getObject(1) != null ? r.getLong(1) : -1;
            }
        }
    }

    private static void setMark(Connection c, long hostId, long step, long value) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO rollup_marks(host_id, step, done_until)"
                + " VALUES (?, ?, ?) ON CONFLICT(host_id, step) DO UPDATE SET done_until = excluded.done_until")) {
            p.setLong(1, hostId);
            p.setLong(2, step);
            p.setLong(3, value);
            p.executeUpdate();
        }
    }

    /**
     * Rolls up the finished minutes of one host's raw points; returns the new minute mark (-1 for no data) and the
     * first minute written (Long.MAX_VALUE for none), which re-opens its hour.
     */
    private static long[] rollMinutes(Connection c, long hostId, long nowUs) throws SQLException {
        long mark = mark(c, hostId, 60, "SELECT min(t) FROM (SELECT min(time_us) AS t FROM raw WHERE host_id = ?"
                + " UNION ALL SELECT min(start_us) FROM raw_chunks WHERE host_id = ?) AS first");
        if (mark < 0) {
            return new long[] {-1, Long.MAX_VALUE};
        }
        long from = Math.floorDiv(mark, MINUTE_US) * MINUTE_US;
        long until = Math.floorDiv(nowUs - SETTLE_US, MINUTE_US) * MINUTE_US;
        if (until <= from) {
            return new long[] {from, Long.MAX_VALUE};
        }
        Map<Long, Map<Integer, Accumulator>> buckets = new TreeMap<>();
        RawTier.read(c, hostId, from, until, (t, sid, value) -> {
            if (value.isNumber() && Double.isFinite(value.asDouble())) {
                buckets.computeIfAbsent(Math.floorDiv(t, MINUTE_US) * MINUTE_US, k -> new HashMap<>())
                        .computeIfAbsent(sid, k -> new Accumulator()).add(value.asDouble(), 1);
            }
        });
        writeRollups(c, hostId, 60, buckets);
        setMark(c, hostId, 60, until);
        return new long[] {until, buckets.isEmpty() ? Long.MAX_VALUE : buckets.keySet().iterator().next()};
    }

    private static void rollHours(Connection c, long hostId, long[] minutes) throws SQLException {
        if (minutes[0] < 0) {
            return;
        }
        long mark = mark(c, hostId, 3600, "SELECT min(bucket) FROM rollup WHERE host_id = ? AND step = 60");
        if (mark < 0) {
            return;
        }
        // minutes recomputed for late samples re-open their hour
        mark = Math.min(mark, minutes[1]);
        long from = Math.floorDiv(mark, HOUR_US) * HOUR_US;
        long until = Math.floorDiv(minutes[0], HOUR_US) * HOUR_US;
        if (until <= from) {
            return;
        }
        Map<Long, Map<Integer, Accumulator>> buckets = new TreeMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT bucket, series_id, min, avg, max, count FROM rollup"
                + " WHERE host_id = ? AND step = 60 AND bucket >= ? AND bucket < ?")) {
            p.setLong(1, hostId);
            p.setLong(2, from);
            p.setLong(3, until);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long bucket = Math.floorDiv(r.getLong(1), HOUR_US) * HOUR_US;
                    buckets.computeIfAbsent(bucket, k -> new HashMap<>())
                            .computeIfAbsent(r.getInt(2), k -> new Accumulator())
                            .merge(r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getLong(6));
                }
            }
        }
        writeRollups(c, hostId, 3600, buckets);
        setMark(c, hostId, 3600, until);
    }

    private static void writeRollups(Connection c, long hostId, long step,
            Map<Long, Map<Integer, Accumulator>> buckets) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO rollup(host_id, step, series_id, bucket, min, avg,"
                + " max, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(host_id, step, series_id, bucket)"
                + " DO UPDATE SET min = excluded.min, avg = excluded.avg, max = excluded.max,"
                + " count = excluded.count")) {
            for (Map.Entry<Long, Map<Integer, Accumulator>> b : buckets.entrySet()) {
                for (Map.Entry<Integer, Accumulator> s : b.getValue().entrySet()) {
                    Accumulator a = s.getValue();
                    p.setLong(1, hostId);
                    p.setInt(2, (int) step);
                    p.setInt(3, s.getKey());
                    p.setLong(4, b.getKey());
                    p.setDouble(5, a.min);
                    p.setDouble(6, a.sum / a.count);
                    p.setDouble(7, a.max);
                    p.setLong(8, a.count);
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
    }

    private static void prune(Connection c, long hostId, long nowUs, Retention retention, long minuteMark)
            throws SQLException {
        // raw points go only once rolled up, whatever the retention says
        long rawCut = Math.min(nowUs - retention.raw().toNanos() / 1000, minuteMark < 0 ? Long.MIN_VALUE : minuteMark);
        RawTier.prune(c, hostId, rawCut);
        delete(c, "DELETE FROM rollup WHERE host_id = ? AND step = 60 AND bucket < ?", hostId,
                nowUs - retention.minute().toNanos() / 1000);
        delete(c, "DELETE FROM rollup WHERE host_id = ? AND step = 3600 AND bucket < ?", hostId,
                nowUs - retention.hour().toNanos() / 1000);
    }

    private static void delete(Connection c, String sql, long hostId, long before) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, hostId);
            p.setLong(2, before);
            p.executeUpdate();
        }
    }

    /** Over budget, the oldest raw points go first (their minutes are kept), then the oldest minutes. */
    private void enforceBudget(Connection c, long nowUs, Retention retention) throws SQLException {
        if (retention.maxBytes() == 0 || store.usedBytes(c) <= retention.maxBytes()) {
            return;
        }
        long rawKeep = retention.raw().toNanos() / 1000;
        long minuteKeep = retention.minute().toNanos() / 1000;
        while (store.usedBytes(c) > retention.maxBytes() && minuteKeep > HOUR_US) {
            if (rawKeep > MINUTE_US * 10) {
                rawKeep /= 2;
            } else {
                minuteKeep /= 2;
            }
            for (long hostId : hostIds(c)) {
                long mark = mark(c, hostId, 60, null);
                RawTier.prune(c, hostId, Math.min(mark, nowUs - rawKeep));
                delete(c, "DELETE FROM rollup WHERE host_id = ? AND step = 60 AND bucket < ?", hostId,
                        nowUs - minuteKeep);
            }
            c.commit();
        }
        log.warn("the store {} is over its budget of {} MiB ([fleet] store_max_mib): kept raw points for {} min and"
                + " minutes for {} h", store.location(), retention.maxBytes() >> 20, rawKeep / MINUTE_US,
                minuteKeep / HOUR_US);
    }

    HistoryRange range(String host, String plugin, long fromUs, long toUs, int points) throws StoreException {
        long nowUs = clock.millis() * 1000;
        if (toUs <= fromUs) {
            return new HistoryRange("raw", 0, Map.of());
        }
        Map<Integer, String> items = new TreeMap<>();
        Map<Integer, TreeMap<Long, Accumulator>> out = new HashMap<>();
        String tier;
        long stepUs;
        try {
            Object[] read = store.reading(c -> {
                Long hostId = store.hostId(c, host);
                long step = Math.max(1, (toUs - fromUs + points - 1) / points);
                if (hostId == null) {
                    return new Object[] {"raw", 0L};
                }
                items.putAll(series.plugin(hostId, plugin));
                boolean rawCovers = fromUs >= nowUs - retention.raw().toNanos() / 1000;
                if (rawCovers && step < MINUTE_US) {
                    readRaw(c, hostId, fromUs, fromUs, toUs, step, items, out);
                    return new Object[] {"raw", step};
                }
                long rollup = fromUs >= nowUs - retention.minute().toNanos() / 1000 ? 60 : 3600;
                step = Math.max(step, rollup * 1_000_000L);
                if (rollup == 60) {
                    // buckets of a minute or more: the minutes rolled up so far, then the raw points after them
                    long mark = mark(c, hostId, 60, null);
                    readRollups(c, hostId, 60, fromUs, fromUs, Math.min(toUs, mark), step, items, out);
                    if (mark < toUs) {
                        readRaw(c, hostId, fromUs, Math.max(fromUs, mark), toUs, step, items, out);
                    }
                } else {
                    readRollups(c, hostId, 3600, fromUs, fromUs, toUs, step, items, out);
                }
                return new Object[] {rollup == 60 ? "minute" : "hour", step};
            });
            tier = (String) read[0];
            stepUs = (Long) read[1];
        } catch (SQLException e) {
            throw store.failure(e);
        }
        Map<String, List<HistoryRange.Bucket>> series = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> item : items.entrySet()) {
            TreeMap<Long, Accumulator> b = out.get(item.getKey());
            if (b == null) {
                continue;
            }
            List<HistoryRange.Bucket> list = new ArrayList<>(b.size());
            b.forEach((start, a) -> list.add(new HistoryRange.Bucket(start, a.min, a.sum / a.count, a.max, a.count)));
            series.put(item.getValue(), list);
        }
        return new HistoryRange(tier, stepUs, series);
    }

    private volatile Retention retention = Retention.DEFAULT;

    /** The retention that range reads choose tiers by (the last one maintenance ran with). */
    void useRetention(Retention r) {
        retention = r;
    }

    /** Folds the raw points in [fromUs, toUs) into buckets of {@code stepUs} counted from {@code originUs}. */
    private static void readRaw(Connection c, long hostId, long originUs, long fromUs, long toUs, long stepUs,
            Map<Integer, String> items, Map<Integer, TreeMap<Long, Accumulator>> out) throws SQLException {
        RawTier.read(c, hostId, fromUs, toUs, (t, sid, value) -> {
            if (items.containsKey(sid) && value.isNumber() && Double.isFinite(value.asDouble())) {
                long bucket = originUs + Math.floorDiv(t - originUs, stepUs) * stepUs;
                out.computeIfAbsent(sid, k -> new TreeMap<>()).computeIfAbsent(bucket, k -> new Accumulator())
                        .add(value.asDouble(), 1);
            }
        });
    }

    /** Folds the rollups of {@code step} seconds in [fromUs, toUs) into buckets counted from {@code originUs}. */
    private static void readRollups(Connection c, long hostId, long step, long originUs, long fromUs, long toUs,
            long stepUs, Map<Integer, String> items, Map<Integer, TreeMap<Long, Accumulator>> out)
            throws SQLException {
        if (items.isEmpty() || toUs <= fromUs) {
            return;
        }
        // the plugin's series only: a host has a hundred or more
        String in = String.join(", ", Collections.nCopies(items.size(), "?"));
        try (PreparedStatement p = c.prepareStatement("SELECT series_id, bucket, min, avg, max, count FROM rollup"
                + " WHERE host_id = ? AND step = ? AND bucket >= ? AND bucket < ? AND series_id IN (" + in + ")")) {
            p.setLong(1, hostId);
            p.setLong(2, step);
            p.setLong(3, Math.floorDiv(fromUs, step * 1_000_000L) * step * 1_000_000L);
            p.setLong(4, toUs);
            int param = 5;
            for (int sid : items.keySet()) {
                p.setInt(param++, sid);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    int sid = r.getInt(1);
                    if (!items.containsKey(sid)) {
                        continue;
                    }
                    long bucket = originUs + Math.floorDiv(r.getLong(2) - originUs, stepUs) * stepUs;
                    out.computeIfAbsent(sid, k -> new TreeMap<>()).computeIfAbsent(bucket, k -> new Accumulator())
                            .merge(r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getLong(6));
                }
            }
        }
    }

    /** min, max and a count-weighted sum of values or of rolled-up averages. */
    private static final class Accumulator {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long count;

        void add(double v, long n) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v * n;
            count += n;
        }

        void merge(double otherMin, double avg, double otherMax, long n) {
            min = Math.min(min, otherMin);
            max = Math.max(max, otherMax);
            sum += avg * n;
            count += n;
        }
    }
}
