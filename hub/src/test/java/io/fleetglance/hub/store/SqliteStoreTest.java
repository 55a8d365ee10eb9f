package io.fleetglance.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store on real files: the contract, and how it refuses bad files and directories. */
class SqliteStoreTest extends HubStoreContract {

    @TempDir
    Path dir;

    @Override
    JdbcStore open(Clock clock) throws Exception {
        return SqliteStore.open(dir, clock);
    }

    @Override
    Connection sql() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub.db"));
    }

    @Test
    void refusesAFileThatIsNotAStore() throws Exception {
        Files.writeString(dir.resolve("hub.db"), "these are not the pages you are looking for, ".repeat(100));
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(dir, Clock.systemUTC()));
        assertTrue(e.getMessage().startsWith(dir.resolve("hub.db") + " is not a Fleetglance store"), e.getMessage());
        assertEquals(4500, Files.size(dir.resolve("hub.db")), "the file is left as it was");
    }

    @Test
    void refusesATruncatedStore() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir, Clock.systemUTC())) {
            List<StoreOp> ops = new ArrayList<>();
            for (int i = 1; i <= 2000; i++) {
                ops.add(sample("web", i, T0 + i * 1_000_000L, DoubleNode.valueOf(i), LongNode.valueOf(i)));
            }
            store.commit(ops);
        }
        Path file = dir.resolve("hub.db");
        long size = Files.size(file);
        try (var ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(dir, Clock.systemUTC()));
        assertTrue(e.getMessage().startsWith(file + " is truncated"), e.getMessage());
        assertEquals(size / 2, Files.size(file));
    }

    @Override
    void migrateToTheSchemaBeforeHostCounters(Connection c) throws Exception {
        StoreSchema.migrate(c, dir.resolve("hub.db"), 3);
    }

    @Test
    void theLastSamplesAreInARowidTableWhereADeltaFitsItsPage() throws Exception {
        open(Clock.systemUTC()).close();
        try (Connection c = sql(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT sql FROM sqlite_master WHERE name = 'last_samples'")) {
            assertTrue(r.next());
            assertFalse(r.getString(1).contains("WITHOUT ROWID"), r.getString(1));
        }
    }

    @Test
    void refusesAStateDirItCannotCreate() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        StoreException e = assertThrows(StoreException.class,
                () -> SqliteStore.open(file.resolve("state"), Clock.systemUTC()));
        assertTrue(e.getMessage().startsWith("cannot create the state directory " + file.resolve("state")),
                e.getMessage());
    }

    @Test
    void refusesAStateDirItCannotWrite() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        assertTrue(locked.toFile().setWritable(false, false));
        try {
            // root writes anywhere: then this case cannot happen, and there is nothing to test
            Assumptions.assumeFalse(Files.isWritable(locked), "running as root");
            StoreException e = assertThrows(StoreException.class,
                    () -> SqliteStore.open(locked, Clock.systemUTC()));
            assertTrue(e.getMessage().contains(locked + " is not writable"), e.getMessage());
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }
}
