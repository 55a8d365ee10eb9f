package io.fleetglance.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw tier: each sample is written as one row of {@code raw} (its {@link SampleBlob}) when it is committed, and
 * maintenance later compacts a host's finished, rolled-up windows of {@link #WINDOW_US} into one row of
 * {@code raw_chunks} ({@link RawChunk}), as a time-series database moves its head into blocks. Reads see both: a
 * sample is in exactly one of them, except a late one whose time a chunk already holds, and then the row wins.
 */
final class RawTier {

    private static final Logger log = LoggerFactory.getLogger(RawTier.class);

    /** A chunk's span: ten minutes, 600 samples at the shortest period. */
    static final long WINDOW_US = 10 * StoreTiers.MINUTE_US;

    private RawTier() {
    }

    /**
     * Where the window holding {@code timeUs} starts for this host: each host's windows are shifted by an offset of its
     * own, so that the hosts of a fleet come due for compaction in different minutes, not all in the same one.
     */
    static long windowStart(long hostId, long timeUs) {
        long offset = Math.floorMod(hostId * 61_000_000L, WINDOW_US);
        return Math.floorDiv(timeUs - offset, WINDOW_US) * WINDOW_US + offset;
    }

    /** Every point of the host's samples in [fromUs, toUs), rows and chunks, in no particular order of samples. */
    static void read(Connection c, long hostId, long fromUs, long toUs, RawChunk.PointVisitor visitor)
            throws SQLException {
        Set<Long> rowTimes = new HashSet<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT time_us, data FROM raw WHERE host_id = ? AND time_us >= ? AND time_us < ?")) {
            p.setLong(1, hostId);
            p.setLong(2, fromUs);
            p.setLong(3, toUs);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long t = r.getLong(1);
                    rowTimes.add(t);
                    SampleBlob.read(r.getBytes(2), (value, sid) -> visitor.point(t, sid, value));
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "SELECT start_us, data FROM raw_chunks WHERE host_id = ? AND end_us > ? AND start_us < ?")) {
            p.setLong(1, hostId);
            p.setLong(2, fromUs);
            p.setLong(3, toUs);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    readChunk(hostId, r.getLong(1), r.getBytes(2), (t, sid, value) -> {
                        if (t >= fromUs && t < toUs && !rowTimes.contains(t)) {
                            visitor.point(t, sid, value);
                        }
                    });
                }
            }
        }
    }

    /**
     * The host's last {@code limit} samples after {@code afterUs}: time → (series id → value), oldest first. Reads the
     * newest rows, then chunks newest first until they alone hold {@code limit} samples: an older chunk cannot hold
     * any of the last {@code limit} then.
     */
    static TreeMap<Long, Map<Integer, JsonNode>> recent(Connection c, long hostId, long afterUs, int limit)
            throws SQLException {
        TreeMap<Long, Map<Integer, JsonNode>> out = new TreeMap<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT time_us, data FROM raw WHERE host_id = ? AND time_us > ? ORDER BY time_us DESC LIMIT ?")) {
            p.setLong(1, hostId);
            p.setLong(2, afterUs);
            p.setInt(3, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Map<Integer, JsonNode> points = new TreeMap<>();
                    SampleBlob.read(r.getBytes(2), (value, sid) -> points.put(sid, value));
                    out.put(r.getLong(1), points);
                }
            }
        }
        Set<Long> rowTimes = new HashSet<>(out.keySet());
        try (PreparedStatement p = c.prepareStatement("SELECT samples, start_us, data FROM raw_chunks"
                + " WHERE host_id = ? AND end_us > ? ORDER BY start_us DESC")) {
            p.setLong(1, hostId);
            p.setLong(2, afterUs);
            try (ResultSet r = p.executeQuery()) {
                int fromChunks = 0;
                while (fromChunks < limit && r.next()) {
                    fromChunks += r.getInt(1);
                    readChunk(hostId, r.getLong(2), r.getBytes(3), (t, sid, value) -> {
                        if (t > afterUs && !rowTimes.contains(t)) {
                            out.computeIfAbsent(t, k -> new TreeMap<>()).put(sid, value);
                        }
                    });
                }
            }
        }
        while (out.size() > limit) {
            out.pollFirstEntry();
        }
        return out;
    }

    /**
     * Moves the host's rows of every window that ends at or before {@code cutUs} into that window's chunk (merged with
     * what the chunk held: samples resent late), in the caller's transaction. Returns the samples moved.
     */
    static int compact(Connection c, long hostId, long cutUs) throws SQLException {
        long until = windowStart(hostId, cutUs);
        TreeMap<Long, TreeMap<Long, byte[]>> windows = new TreeMap<>();
        int moved = 0;
        List<Long> damagedWindows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT time_us, data FROM raw WHERE host_id = ? AND time_us < ?")) {
            p.setLong(1, hostId);
            p.setLong(2, until);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long t = r.getLong(1);
                    windows.computeIfAbsent(windowStart(hostId, t), k -> new TreeMap<>()).put(t, r.getBytes(2));
                    moved++;
                }
            }
        }
        if (windows.isEmpty()) {
            return 0;
        }
        int kept = 0;
        try (PreparedStatement existing = c.prepareStatement(
                "SELECT data FROM raw_chunks WHERE host_id = ? AND start_us = ?");
                PreparedStatement upsert = c.prepareStatement("INSERT INTO raw_chunks(host_id, start_us, end_us,"
                        + " samples, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT(host_id, start_us) DO UPDATE SET"
                        + " end_us = excluded.end_us, samples = excluded.samples, data = excluded.data")) {
            for (Map.Entry<Long, TreeMap<Long, byte[]>> w : windows.entrySet()) {
                TreeMap<Long, byte[]> samples = w.getValue();
                existing.setLong(1, hostId);
                existing.setLong(2, w.getKey());
                try (ResultSet r = existing.executeQuery()) {
                    if (r.next()) {
                        // what the chunk held, then the rows over it: a row wins a time both hold
                        TreeMap<Long, byte[]> merged;
                        try {
                            merged = RawChunk.samples(r.getBytes(1));
                        } catch (IllegalArgumentException e) {
                            damaged(hostId, w.getKey(), e);
                            // the rows stay rows, readable; the damaged chunk is not written over
                            kept += samples.size();
                            damagedWindows.add(w.getKey());
                            continue;
                        }
                        merged.putAll(samples);
                        samples = merged;
                    }
                }
                upsert.setLong(1, hostId);
                upsert.setLong(2, w.getKey());
                upsert.setLong(3, w.getKey() + WINDOW_US);
                upsert.setInt(4, samples.size());
                upsert.setBytes(5, RawChunk.encode(samples));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement(
                "DELETE FROM raw WHERE host_id = ? AND time_us >= ? AND time_us < ?")) {
            // every window's rows but those of a damaged chunk's window
            long from = Long.MIN_VALUE;
            for (long skipped : damagedWindows) {
                deleteRange(p, hostId, from, skipped);
                from = skipped + WINDOW_US;
            }
            deleteRange(p, hostId, from, until);
        }
        return moved - kept;
    }

    private static void deleteRange(PreparedStatement p, long hostId, long from, long until) throws SQLException {
        if (from < until) {
            p.setLong(1, hostId);
            p.setLong(2, from);
            p.setLong(3, until);
            p.executeUpdate();
        }
    }

    /** Reads a chunk; a damaged one is left out, saying so once. */
    private static void readChunk(long hostId, long startUs, byte[] chunk, RawChunk.PointVisitor visitor) {
        try {
            RawChunk.read(chunk, visitor);
        } catch (IllegalArgumentException e) {
            damaged(hostId, startUs, e);
        }
    }

    private static final Set<String> reported = ConcurrentHashMap.newKeySet();

    private static void damaged(long hostId, long startUs, IllegalArgumentException e) {
        if (reported.size() < 10_000 && reported.add(hostId + "@" + startUs)) {
            log.error("the raw samples of host id {} from {} are damaged in the store ({}): they are left out of"
                    + " history and rollups; restore the store from a backup to get them back", hostId,
                    Instant.ofEpochSecond(0, startUs * 1000), e.getMessage());
        }
    }

    /** Deletes the host's raw samples before {@code cutUs}: rows, and whole chunks that end by then. */
    static void prune(Connection c, long hostId, long cutUs) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM raw WHERE host_id = ? AND time_us < ?")) {
            p.setLong(1, hostId);
            p.setLong(2, cutUs);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM raw_chunks WHERE host_id = ? AND end_us <= ?")) {
            p.setLong(1, hostId);
            p.setLong(2, cutUs);
            p.executeUpdate();
        }
    }
}
