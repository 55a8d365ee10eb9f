package io.fleetglance.hub.store;

import java.nio.file.Path;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Connection writer;
    private final Connection reader;
    private final StoreSeries series;
    private final Clock clock;
    private final Path file;
    /** host id → the minute mark as far as rolled up; samples older than it are late. */
    private final Map<Long, Long> minuteMarks = new ConcurrentHashMap<>();
    /** host id → the oldest late sample time seen since the last rollup, by committed and uncommitted writes. */
    private final Map<Long, Long> late = new ConcurrentHashMap<>();

    StoreTiers(Connection writer, Connection reader, StoreSeries series, Clock clock, Path file) {
        this.writer = writer;
        this.reader = reader;
        this.series = series;
        this.clock = clock;
        this.file = file;
    }

    void forgetHost(long hostId) {
        minuteMarks.remove(hostId);
        late.remove(hostId);
        lastRecomputedMinute.remove(hostId);
    }

    void noteSample(long hostId, long timeUs) {
        Long mark = minuteMarks.get(hostId);
        if (mark != null && timeUs < mark) {
            late.merge(hostId, timeUs, Math::min);
        }
    }

    void rollback() {
        // a late note from a rolled-back write only causes a harmless recomputation: nothing to undo
    }

    /** Reads the rollup marks, so that the first samples after a restart (an agent's backlog) count as late. */
    void loadMarks(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT host_id, done_until FROM rollup_marks WHERE step = 60")) {
            while (r.next()) {
                minuteMarks.put(r.getLong(1), r.getLong(2));
            }
        }
    }

    void maintain(long nowUs, Retention retention) throws StoreException {
        useRetention(retention);
        try {
            for (long hostId : series.hostIds()) {
                long minuteMark = rollMinutes(hostId, nowUs);
                rollHours(hostId, minuteMark);
                prune(hostId, nowUs, retention, minuteMark);
                writer.commit();
            }
            enforceBudget(nowUs, retention);
        } catch (SQLException e) {
            try {
                writer.rollback();
            } catch (SQLException ignored) {
                // broken connection: reported below
            }
            throw SqliteStore.corrupt(file, e);
        }
    }

    private long mark(long hostId, long step, String defaultQuery) throws SQLException {
        try (PreparedStatement p = writer.prepareStatement(
                "SELECT done_until FROM rollup_marks WHERE host_id = ? AND step = ?")) {
            p.setLong(1, hostId);
            p.setLong(2, step);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    return r.getLong(1);
                }
            }
        }
        try (PreparedStatement p = writer.prepareStatement(defaultQuery)) {
            p.setLong(1, hostId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getObject(1) != null ? r.getLong(1) : -1;
            }
        }
    }

    private void setMark(long hostId, long step, long value) throws SQLException {
        try (PreparedStatement p = writer.prepareStatement(
                "INSERT OR REPLACE INTO rollup_marks(host_id, step, done_until) VALUES (?, ?, ?)")) {
            p.setLong(1, hostId);
            p.setLong(2, step);
            p.setLong(3, value);
            p.executeUpdate();
        }
    }

    /** Rolls up the finished minutes of one host's raw points; returns the new minute mark (-1 for no data). */
    private long rollMinutes(long hostId, long nowUs) throws SQLException {
        long mark = mark(hostId, 60, "SELECT min(time_us) FROM raw WHERE host_id = ?");
        if (mark < 0) {
            return -1;
        }
        Long lateFrom = late.remove(hostId);
        if (lateFrom != null) {
            mark = Math.min(mark, lateFrom);
        }
        long from = Math.floorDiv(mark, MINUTE_US) * MINUTE_US;
        long until = Math.floorDiv(nowUs - SETTLE_US, MINUTE_US) * MINUTE_US;
        if (until <= from) {
            minuteMarks.put(hostId, from);
            return from;
        }
        Map<Long, Map<Integer, Accumulator>> buckets = new TreeMap<>();
        try (PreparedStatement p = writer.prepareStatement(
                "SELECT time_us, data FROM raw WHERE host_id = ? AND time_us >= ? AND time_us < ?")) {
            p.setLong(1, hostId);
            p.setLong(2, from);
            p.setLong(3, until);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long bucket = Math.floorDiv(r.getLong(1), MINUTE_US) * MINUTE_US;
                    Map<Integer, Accumulator> bySeries = buckets.computeIfAbsent(bucket, k -> new HashMap<>());
                    SampleBlob.read(r.getBytes(2), (value, sid) -> {
                        if (value.isNumber() && Double.isFinite(value.asDouble())) {
                            bySeries.computeIfAbsent(sid, k -> new Accumulator()).add(value.asDouble(), 1);
                        }
                    });
                }
            }
        }
        writeRollups(hostId, 60, buckets);
        setMark(hostId, 60, until);
        minuteMarks.put(hostId, until);
        return until;
    }

    private void rollHours(long hostId, long minuteMark) throws SQLException {
        if (minuteMark < 0) {
            return;
        }
        long mark = mark(hostId, 3600, "SELECT min(bucket) FROM rollup WHERE host_id = ? AND step = 60");
        if (mark < 0) {
            return;
        }
        // minutes recomputed for late samples re-open their hour
        mark = Math.min(mark, lastRecomputedMinute.getOrDefault(hostId, Long.MAX_VALUE));
        lastRecomputedMinute.remove(hostId);
        long from = Math.floorDiv(mark, HOUR_US) * HOUR_US;
        long until = Math.floorDiv(minuteMark, HOUR_US) * HOUR_US;
        if (until <= from) {
            return;
        }
        Map<Long, Map<Integer, Accumulator>> buckets = new TreeMap<>();
        try (PreparedStatement p = writer.prepareStatement("SELECT bucket, series_id, min, avg, max, count FROM rollup"
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
        writeRollups(hostId, 3600, buckets);
        setMark(hostId, 3600, until);
    }

    private final Map<Long, Long> lastRecomputedMinute = new ConcurrentHashMap<>();

    private void writeRollups(long hostId, long step, Map<Long, Map<Integer, Accumulator>> buckets)
            throws SQLException {
        if (step == 60 && !buckets.isEmpty()) {
            lastRecomputedMinute.merge(hostId, buckets.keySet().iterator().next(), Math::min);
        }
        try (PreparedStatement p = writer.prepareStatement("INSERT OR REPLACE INTO rollup(host_id, step, series_id,"
                + " bucket, min, avg, max, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Long, Map<Integer, Accumulator>> b : buckets.entrySet()) {
                for (Map.Entry<Integer, Accumulator> s : b.getValue().entrySet()) {
                    Accumulator a = s.getValue();
                    p.setLong(1, hostId);
                    p.setLong(2, step);
                    p.setInt(3, s.getKey());
                    p.setLong(4, b.getKey());
                    p.setDouble(5, a.min);
                    p.setDouble(6, a.sum / a.count);
                    p.setDouble(7, a.max);
                    p.setLong(8, a.count);
                    p.executeUpdate();
                }
            }
        }
    }

    private void prune(long hostId, long nowUs, Retention retention, long minuteMark) throws SQLException {
        // raw points go only once rolled up, whatever the retention says
        long rawCut = Math.min(nowUs - retention.raw().toNanos() / 1000, minuteMark < 0 ? Long.MIN_VALUE : minuteMark);
        delete("DELETE FROM raw WHERE host_id = ? AND time_us < ?", hostId, rawCut);
        delete("DELETE FROM rollup WHERE host_id = ? AND step = 60 AND bucket < ?", hostId,
                nowUs - retention.minute().toNanos() / 1000);
        delete("DELETE FROM rollup WHERE host_id = ? AND step = 3600 AND bucket < ?", hostId,
                nowUs - retention.hour().toNanos() / 1000);
    }

    private void delete(String sql, long hostId, long before) throws SQLException {
        try (PreparedStatement p = writer.prepareStatement(sql)) {
            p.setLong(1, hostId);
            p.setLong(2, before);
            p.executeUpdate();
        }
    }

    /** Over budget, the oldest raw points go first (their minutes are kept), then the oldest minutes. */
    private void enforceBudget(long nowUs, Retention retention) throws SQLException {
        if (retention.maxBytes() == 0 || usedBytesOrZero() <= retention.maxBytes()) {
            return;
        }
        long rawKeep = retention.raw().toNanos() / 1000;
        long minuteKeep = retention.minute().toNanos() / 1000;
        while (usedBytesOrZero() > retention.maxBytes() && minuteKeep > HOUR_US) {
            if (rawKeep > MINUTE_US * 10) {
                rawKeep /= 2;
            } else {
                minuteKeep /= 2;
            }
            for (long hostId : series.hostIds()) {
                long mark = minuteMarks.getOrDefault(hostId, Long.MIN_VALUE);
                delete("DELETE FROM raw WHERE host_id = ? AND time_us < ?", hostId, Math.min(mark, nowUs - rawKeep));
                delete("DELETE FROM rollup WHERE host_id = ? AND step = 60 AND bucket < ?", hostId,
                        nowUs - minuteKeep);
            }
            writer.commit();
        }
        log.warn("the store {} is over its budget of {} MiB ([fleet] store_max_mib): kept raw points for {} min and"
                + " minutes for {} h", file, retention.maxBytes() >> 20, rawKeep / MINUTE_US, minuteKeep / HOUR_US);
    }

    private long usedBytesOrZero() throws SQLException {
        try (Statement s = writer.createStatement()) {
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

    long usedBytes() throws StoreException {
        synchronized (writer) {
            try {
                return usedBytesOrZero();
            } catch (SQLException e) {
                throw SqliteStore.corrupt(file, e);
            }
        }
    }

    HistoryRange range(String host, String plugin, long fromUs, long toUs, int points) throws StoreException {
        Long hostId = series.hostId(host);
        long nowUs = clock.millis() * 1000;
        if (hostId == null || toUs <= fromUs) {
            return new HistoryRange("raw", 0, Map.of());
        }
        Map<Integer, String> items = series.plugin(hostId, plugin);
        long stepUs = Math.max(1, (toUs - fromUs + points - 1) / points);
        Map<Integer, TreeMap<Long, Accumulator>> out = new HashMap<>();
        String tier;
        synchronized (reader) {
            try {
                if (fromUs >= nowUs - retention.raw().toNanos() / 1000) {
                    tier = "raw";
                    readRaw(hostId, fromUs, toUs, stepUs, items, out);
                } else {
                    long step = fromUs >= nowUs - retention.minute().toNanos() / 1000 ? 60 : 3600;
                    tier = step == 60 ? "minute" : "hour";
                    stepUs = Math.max(stepUs, step * 1_000_000L);
                    readRollups(hostId, step, fromUs, toUs, stepUs, items, out);
                }
            } catch (SQLException e) {
                throw SqliteStore.corrupt(file, e);
            }
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

    private void readRaw(long hostId, long fromUs, long toUs, long stepUs, Map<Integer, String> items,
            Map<Integer, TreeMap<Long, Accumulator>> out) throws SQLException {
        try (PreparedStatement p = reader.prepareStatement(
                "SELECT time_us, data FROM raw WHERE host_id = ? AND time_us >= ? AND time_us < ?")) {
            p.setLong(1, hostId);
            p.setLong(2, fromUs);
            p.setLong(3, toUs);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long bucket = fromUs + (r.getLong(1) - fromUs) / stepUs * stepUs;
                    SampleBlob.read(r.getBytes(2), (value, sid) -> {
                        if (items.containsKey(sid) && value.isNumber() && Double.isFinite(value.asDouble())) {
                            out.computeIfAbsent(sid, k -> new TreeMap<>())
                                    .computeIfAbsent(bucket, k -> new Accumulator()).add(value.asDouble(), 1);
                        }
                    });
                }
            }
        }
    }

    private void readRollups(long hostId, long step, long fromUs, long toUs, long stepUs, Map<Integer, String> items,
            Map<Integer, TreeMap<Long, Accumulator>> out) throws SQLException {
        try (PreparedStatement p = reader.prepareStatement("SELECT series_id, bucket, min, avg, max, count FROM rollup"
                + " WHERE host_id = ? AND step = ? AND bucket >= ? AND bucket < ?")) {
            p.setLong(1, hostId);
            p.setLong(2, step);
            p.setLong(3, Math.floorDiv(fromUs, step * 1_000_000L) * step * 1_000_000L);
            p.setLong(4, toUs);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    int sid = r.getInt(1);
                    if (!items.containsKey(sid)) {
                        continue;
                    }
                    long bucket = fromUs + Math.floorDiv(r.getLong(2) - fromUs, stepUs) * stepUs;
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
