package io.fleetglance.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store's dictionaries, cached: host name → host id, and per host (plugin, item) ↔ series id. Ids assigned in a
 * transaction that rolls back are taken back out of the cache.
 */
final class StoreSeries {

    /** What one transaction added to the cache, to undo if it rolls back. */
    static final class Pending {
        final List<String> hosts = new ArrayList<>();
        final List<long[]> series = new ArrayList<>();
    }

    private final Map<String, Long> hostIds = new ConcurrentHashMap<>();
    /** Per host id: plugin → item → series id. */
    private final Map<Long, Map<String, Map<String, Integer>>> ids = new ConcurrentHashMap<>();
    private final Map<Long, Map<Integer, String[]>> names = new ConcurrentHashMap<>();

    void load(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT name, id FROM hosts")) {
                while (r.next()) {
                    hostIds.put(r.getString(1), r.getLong(2));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT host_id, id, plugin, item FROM series")) {
                while (r.next()) {
                    remember(r.getLong(1), r.getInt(2), r.getString(3), r.getString(4));
                }
            }
        }
    }

    /** Reads the dictionaries again after a rollback that the cache cannot undo by itself. */
    void reload(Connection c) {
        hostIds.clear();
        ids.clear();
        names.clear();
        try {
            load(c);
        } catch (SQLException e) {
            // the connection is broken: the next commit fails and says so, and its retry reloads
        }
    }

    Pending begin() {
        return new Pending();
    }

    Long hostId(String name) {
        return hostIds.get(name);
    }

    long hostIdOrLookup(Connection c, String name, Pending pending) throws SQLException {
        Long id = hostIds.get(name);
        return id != null ? id : lookUpHost(c, name, pending);
    }

    /**
     * The host's id as the store has it now, after its row was written: a host another hub sharing the store forgot
     * and a new row holds again has a new id, and what the cache held of the old one goes.
     */
    long hostIdAfterWrite(Connection c, String name, Pending pending) throws SQLException {
        Long cached = hostIds.get(name);
        long id = lookUpHost(c, name, pending);
        if (cached != null && cached != id) {
            ids.remove(cached);
            names.remove(cached);
        }
        return id;
    }

    private long lookUpHost(Connection c, String name, Pending pending) throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM hosts WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("host '" + name + "' vanished from the store");
                }
                id = r.getLong(1);
            }
        }
        hostIds.put(name, id);
        pending.hosts.add(name);
        return id;
    }

    /** The series ids of one host (plugin → item → id), for {@link #seriesId}: looked up once per sample. */
    Map<String, Map<String, Integer>> hostSeries(long hostId) {
        return ids.computeIfAbsent(hostId, k -> new ConcurrentHashMap<>());
    }

    /** The id of a series of the host whose {@link #hostSeries} is {@code known}; numbered when new. */
    int seriesId(Connection c, long hostId, Map<String, Map<String, Integer>> known, String plugin, String item,
            Pending pending) throws SQLException {
        Map<String, Integer> byItem = known.get(plugin);
        Integer id = byItem == null ? null : byItem.get(item);
        if (id != null) {
            return id;
        }
        // a new series here; another hub sharing the store may have numbered it, or others, meanwhile
        try (PreparedStatement p = c.prepareStatement(
                "SELECT id FROM series WHERE host_id = ? AND plugin = ? AND item = ?")) {
            p.setLong(1, hostId);
            p.setString(2, plugin);
            p.setString(3, item);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    remember(hostId, r.getInt(1), plugin, item);
                    return r.getInt(1);
                }
            }
        }
        int next;
        try (PreparedStatement p = c.prepareStatement("SELECT coalesce(max(id) + 1, 0) FROM series WHERE host_id = ?")) {
            p.setLong(1, hostId);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                next = r.getInt(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO series(host_id, id, plugin, item) VALUES (?, ?, ?, ?)")) {
            p.setLong(1, hostId);
            p.setInt(2, next);
            p.setString(3, plugin);
            p.setString(4, item);
            p.executeUpdate();
        }
        remember(hostId, next, plugin, item);
        pending.series.add(new long[] {hostId, next});
        return next;
    }

    /**
     * Reads one host's id and series from the store into the cache, replacing what it held of that name: for a host
     * another hub sharing the store created or wrote since. Null when the store has no such host.
     */
    Long loadHost(Connection c, String name) throws SQLException {
        Long id;
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM hosts WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                id = r.getLong(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT id, plugin, item FROM series WHERE host_id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    remember(id, r.getInt(1), r.getString(2), r.getString(3));
                }
            }
        }
        hostIds.put(name, id);
        return id;
    }

    private void remember(long hostId, int id, String plugin, String item) {
        hostSeries(hostId).computeIfAbsent(plugin, k -> new ConcurrentHashMap<>()).put(item, id);
        names.computeIfAbsent(hostId, k -> new ConcurrentHashMap<>()).put(id, new String[] {plugin, item});
    }

    /** {plugin, item} of a series, or null. */
    String[] name(long hostId, int seriesId) {
        Map<Integer, String[]> byId = names.get(hostId);
        return byId == null ? null : byId.get(seriesId);
    }

    /** The series ids of one plugin of a host, to item names. */
    Map<Integer, String> plugin(long hostId, String plugin) {
        Map<Integer, String> out = new TreeMap<>();
        Map<Integer, String[]> byId = names.get(hostId);
        if (byId != null) {
            byId.forEach((id, n) -> {
                if (n[0].equals(plugin)) {
                    out.put(id, n[1]);
                }
            });
        }
        return out;
    }

    /** Every host id known. */
    List<Long> hostIds() {
        return new ArrayList<>(hostIds.values());
    }

    void forgetHost(String name) {
        Long id = hostIds.remove(name);
        if (id != null) {
            ids.remove(id);
            names.remove(id);
        }
    }

    void rollback(Pending pending) {
        for (long[] s : pending.series) {
            Map<String, Map<String, Integer>> byPlugin = ids.get(s[0]);
            Map<Integer, String[]> byId = names.get(s[0]);
            if (byId != null) {
                String[] n = byId.remove((int) s[1]);
                Map<String, Integer> byItem = n == null || byPlugin == null ? null : byPlugin.get(n[0]);
                if (byItem != null) {
                    byItem.remove(n[1]);
                }
            }
        }
        pending.hosts.forEach(hostIds::remove);
    }
}
