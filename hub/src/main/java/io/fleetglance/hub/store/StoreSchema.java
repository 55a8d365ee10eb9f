package io.fleetglance.hub.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's versioned schema: each migration runs once, in order, and {@code schema_version} remembers how far a
 * file got. A file from a newer hub is refused, never downgraded.
 */
final class StoreSchema {

    /** Migration {@code i} brings a file from version {@code i} to {@code i + 1}. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE hosts(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, agent_id TEXT NOT NULL,"
                    + " credential TEXT, hello BLOB, period_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL,"
                    + " last_seq INTEGER NOT NULL, dropped INTEGER NOT NULL, missed INTEGER NOT NULL, events TEXT)",
            "CREATE TABLE series(host_id INTEGER NOT NULL, id INTEGER NOT NULL, plugin TEXT NOT NULL,"
                    + " item TEXT NOT NULL, PRIMARY KEY(host_id, id)) WITHOUT ROWID",
            // one row per sample: the blob holds every history point of that sample (see SampleBlob)
            "CREATE TABLE raw(host_id INTEGER NOT NULL, time_us INTEGER NOT NULL, data BLOB NOT NULL,"
                    + " PRIMARY KEY(host_id, time_us)) WITHOUT ROWID",
            "CREATE TABLE rollup(host_id INTEGER NOT NULL, step INTEGER NOT NULL, series_id INTEGER NOT NULL,"
                    + " bucket INTEGER NOT NULL, min REAL NOT NULL, avg REAL NOT NULL, max REAL NOT NULL,"
                    + " count INTEGER NOT NULL, PRIMARY KEY(host_id, step, series_id, bucket)) WITHOUT ROWID",
            "CREATE TABLE rollup_marks(host_id INTEGER NOT NULL, step INTEGER NOT NULL, done_until INTEGER NOT NULL,"
                    + " PRIMARY KEY(host_id, step)) WITHOUT ROWID",
            "CREATE TABLE last_samples(host_id INTEGER NOT NULL, slot INTEGER NOT NULL, seq INTEGER NOT NULL,"
                    + " data BLOB NOT NULL, PRIMARY KEY(host_id, slot)) WITHOUT ROWID"),
            // 1 -> 2: the host names bound to agents' credentials (the hash only), until an operator releases them
            List.of("CREATE TABLE name_bindings(name TEXT PRIMARY KEY, credential TEXT NOT NULL) WITHOUT ROWID"),
            // 2 -> 3: raw samples compacted by window (see RawTier, RawChunk); raw keeps the recent ones
            List.of("CREATE TABLE raw_chunks(host_id INTEGER NOT NULL, start_us INTEGER NOT NULL,"
                    + " end_us INTEGER NOT NULL, samples INTEGER NOT NULL, data BLOB NOT NULL,"
                    + " PRIMARY KEY(host_id, start_us)) WITHOUT ROWID"),
            // 3 -> 4: what every sample rewrites, as few pages as it can be. The last samples in a rowid table: a delta
            // (~1 KB) fits in its leaf page there, where WITHOUT ROWID moved it to an overflow page, allocated anew at
            // each sample. The counters a sample changes in a narrow table: a sample rewrites a row of ~40 bytes, not
            // the host's whole record (its Hello, its events).
            List.of("CREATE TABLE last_samples_4(host_id INTEGER NOT NULL, slot INTEGER NOT NULL,"
                            + " seq INTEGER NOT NULL, data BLOB NOT NULL, UNIQUE(host_id, slot))",
                    "INSERT INTO last_samples_4(host_id, slot, seq, data) SELECT host_id, slot, seq, data"
                            + " FROM last_samples",
                    "DROP TABLE last_samples",
                    "ALTER TABLE last_samples_4 RENAME TO last_samples",
                    "CREATE TABLE host_counters(host_id INTEGER PRIMARY KEY, last_seen_ms INTEGER NOT NULL,"
                            + " last_seq INTEGER NOT NULL, dropped INTEGER NOT NULL, missed INTEGER NOT NULL)",
                    "INSERT INTO host_counters SELECT id, last_seen_ms, last_seq, dropped, missed FROM hosts",
                    "ALTER TABLE hosts DROP COLUMN last_seen_ms",
                    "ALTER TABLE hosts DROP COLUMN last_seq",
                    "ALTER TABLE hosts DROP COLUMN dropped",
                    "ALTER TABLE hosts DROP COLUMN missed"));

    /** The schema version this hub writes. */
    static final int CURRENT = MIGRATIONS.size();

    private StoreSchema() {
    }

    /** Brings the file up to {@link #CURRENT}; refuses a newer or foreign file. */
    static void migrate(Connection c, Path file) throws SQLException, StoreException {
        migrate(c, file, CURRENT);
    }

    /** Brings the file up to {@code target} (a store as an older hub left it, for the tests of the migrations). */
    static void migrate(Connection c, Path file, int target) throws SQLException, StoreException {
        int version;
        try (Statement s = c.createStatement()) {
            boolean tracked;
            try (ResultSet r = s.executeQuery(
                    "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'")) {
                tracked = r.next() && r.getInt(1) == 1;
            }
            if (!tracked) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                    if (r.next() && r.getInt(1) > 0) {
                        throw new StoreException(file + " is an SQLite database but not a Fleetglance store: move it"
                                + " away, or pass another --state-dir");
                    }
                }
                s.execute("CREATE TABLE schema_version(version INTEGER NOT NULL)");
                s.execute("INSERT INTO schema_version VALUES (0)");
            }
            try (ResultSet r = s.executeQuery("SELECT version FROM schema_version")) {
                version = r.next() ? r.getInt(1) : 0;
            }
        }
        if (version > CURRENT) {
            throw new StoreException(file + " was written by a newer Fleetglance (store schema " + version
                    + ", this hub knows up to " + CURRENT + "): run a hub at least as new, or pass another"
                    + " --state-dir");
        }
        for (int v = version; v < target; v++) {
            try (Statement s = c.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("UPDATE schema_version SET version = " + (v + 1));
            }
            c.commit();
        }
    }
}
