package io.fleetglance.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.fleetglance.hub.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared store on a real PostgreSQL server that the test starts itself: the contract of every store, and what
 * only a shared store does (leases, several hubs writing, partitions, a server that goes away).
 */
class PostgresStoreTest extends HubStoreContract {

    private static PostgresCluster cluster;

    @BeforeAll
    static void startServer() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void emptyDatabase() throws Exception {
        cluster.reset();
    }

    @Override
    JdbcStore open(Clock clock) throws Exception {
        return PostgresStore.open(cluster.url(), cluster.password(), clock);
    }

    @Override
    Connection sql() throws Exception {
        return cluster.connect("fleetglance");
    }

    @Override
    void migrateToTheSchemaBeforeHostCounters(Connection c) throws Exception {
        PostgresSchema.migrate(c, cluster.url(), 2);
    }

    @Test
    void refusesAPasswordInTheUrlAndNamesTheWayToGiveIt() {
        StoreException e = assertThrows(StoreException.class, () -> PostgresStore.open(
                "postgresql://fleetglance:hunter2@127.0.0.1:" + cluster.port() + "/fleetglance", null,
                Clock.systemUTC()));
        assertTrue(e.getMessage().contains("FLEETGLANCE_STORE_PASSWORD"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        StoreException wrong = assertThrows(StoreException.class,
                () -> PostgresStore.open(cluster.url(), "not-the-password", Clock.systemUTC()));
        assertTrue(wrong.getMessage().startsWith("cannot open the store " + cluster.url()), wrong.getMessage());
        assertTrue(wrong.getMessage().contains("password"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("not-the-password"), wrong.getMessage());
        StoreException noDb = assertThrows(StoreException.class, () -> PostgresStore.open(
                "postgresql://fleetglance@127.0.0.1:" + cluster.port(), cluster.password(), Clock.systemUTC()));
        assertTrue(noDb.getMessage().contains("no database"), noDb.getMessage());
    }

    @Test
    void anOperatorReleasesANameInTheSharedStoreFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("store-password"), cluster.password() + "\n");
        try (JdbcStore store = open(Clock.systemUTC())) {
            store.bind("web", "sha256:" + "c".repeat(64));
            StringWriter out = new StringWriter();
            int code = Main.commandLine().setOut(new PrintWriter(out)).execute("hub", "release", "web", "--store",
                    cluster.url(), "--store-password-file", passwordFile.toString());
            assertEquals(0, code, out.toString());
            assertTrue(out.toString().contains("released host name 'web'"), out.toString());
            assertEquals(Optional.empty(), store.boundCredential("web"), "every hub sees it at the next Hello");
            StringWriter err = new StringWriter();
            assertEquals(1, Main.commandLine().setErr(new PrintWriter(err)).execute("hub", "release", "web",
                    "--store", cluster.url(), "--store-password-file", passwordFile.toString()));
            assertTrue(err.toString().contains("not bound in " + cluster.url()), err.toString());
        }
    }

    @Test
    void refusesADatabaseThatIsNotAStore() throws Exception {
        try (Connection c = sql(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE hosts(id int)");
        }
        StoreException e = assertThrows(StoreException.class, () -> open(Clock.systemUTC()));
        assertTrue(e.getMessage().contains("not a Fleetglance store"), e.getMessage());
    }

    @Test
    void hubsStartingTogetherMigrateTheDatabaseOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<JdbcStore>> opened = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                opened.add(pool.submit((Callable<JdbcStore>) () -> open(Clock.systemUTC())));
            }
            for (Future<JdbcStore> f : opened) {
                f.get().close();
            }
        } finally {
            pool.shutdown();
        }
        try (Connection c = sql(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*), max(version) FROM schema_version")) {
            assertTrue(r.next());
            assertEquals(1, r.getInt(1));
            assertEquals(PostgresSchema.CURRENT, r.getInt(2));
        }
    }

    @Test
    void oneHubAtATimeHoldsAHostsLease() throws Exception {
        try (PostgresStore a = (PostgresStore) open(Clock.systemUTC());
                PostgresStore b = (PostgresStore) open(Clock.systemUTC())) {
            assertTrue(a.takeLease("web", "hub-a", "http://a:61208", 60_000));
            assertFalse(b.takeLease("web", "hub-b", "http://b:61208", 60_000), "a holds it");
            assertTrue(a.takeLease("web", "hub-a", "http://a:61208", 60_000), "its holder renews it");
            assertEquals(Map.of("web", "http://a:61208"), b.leases());
            b.dropLease("web", "hub-b");
            assertEquals(Map.of("web", "http://a:61208"), b.leases(), "only its holder gives it up");
            a.dropLease("web", "hub-a");
            assertTrue(b.takeLease("web", "hub-b", "http://b:61208", 60_000), "given up: free");
            // a holder that stops renewing loses it once it expires
            assertTrue(b.takeLease("db", "hub-b", "http://b:61208", 1));
            Thread.sleep(20);
            assertEquals(Map.of("web", "http://b:61208"), a.leases());
            assertTrue(a.takeLease("db", "hub-a", "http://a:61208", 60_000), "expired: taken over");
            assertEquals(java.util.Set.of("web"), b.renewLeases("hub-b", List.of("web", "db"), 60_000),
                    "db went to a, web is still b's");
            assertEquals(Map.of("db", "http://a:61208", "web", "http://b:61208"), a.leases());
        }
    }

    @Test
    void twoHubsRaceForOneHostAndExactlyOneWins() throws Exception {
        int hubs = 4;
        List<PostgresStore> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(hubs);
        try {
            for (int i = 0; i < hubs; i++) {
                stores.add((PostgresStore) open(Clock.systemUTC()));
            }
            for (int round = 0; round < 20; round++) {
                String name = "host-" + round;
                List<Future<Boolean>> tries = new ArrayList<>();
                for (int i = 0; i < hubs; i++) {
                    PostgresStore s = stores.get(i);
                    String hub = "hub-" + i;
                    tries.add(pool.submit(() -> s.takeLease(name, hub, "http://" + hub, 60_000)));
                }
                int won = 0;
                for (Future<Boolean> f : tries) {
                    won += f.get() ? 1 : 0;
                }
                assertEquals(1, won, name);
            }
        } finally {
            pool.shutdown();
            stores.forEach(JdbcStore::close);
        }
    }

    @Test
    void aHostMovesToAnotherHubWithItsHistoryAndSeriesIntact() throws Exception {
        try (PostgresStore a = (PostgresStore) open(Clock.systemUTC());
                PostgresStore b = (PostgresStore) open(Clock.systemUTC())) {
            a.commit(List.of(sample("web", 1, T0, DoubleNode.valueOf(1), LongNode.valueOf(10))));
            // b started before the host existed: it finds it in the store, record and all
            StoredHost record = b.host("web").orElseThrow();
            assertEquals(1, record.lastSeq());
            b.adopt("web");
            // b writes it now, with a series a never saw
            b.commit(List.of(new StoreOp.HostSample(host("web", 2), 2, T0 + 1_000_000L, List.of(
                    new StoreOp.SeriesValue("mem", "percent", DoubleNode.valueOf(42)),
                    new StoreOp.SeriesValue("cpu", "user", DoubleNode.valueOf(2))), () -> new byte[] {2}, true, false)));
            // and a, which still has its old dictionary, writes once more (as a hub that lost the lease late would)
            a.commit(List.of(new StoreOp.HostSample(host("web", 3), 3, T0 + 2_000_000L, List.of(
                    new StoreOp.SeriesValue("load", "min1", DoubleNode.valueOf(0.5)),
                    new StoreOp.SeriesValue("cpu", "user", DoubleNode.valueOf(3))), () -> new byte[] {3}, true, false)));
            a.adopt("web");
            for (PostgresStore s : List.of(a, b)) {
                s.adopt("web");
                Map<String, Map<String, List<StoredPoint>>> h = s.recentHistory("web", 10);
                assertEquals(List.of(1.0, 2.0, 3.0), h.get("cpu").get("user").stream()
                        .map(p -> p.value().doubleValue()).toList());
                assertEquals(42.0, h.get("mem").get("percent").get(0).value().doubleValue());
                assertEquals(0.5, h.get("load").get("min1").get(0).value().doubleValue());
            }
            assertEquals(Optional.of(3L), a.host("web").map(StoredHost::lastSeq));
        }
    }

    /** A hub whose cache still has the id of a host another hub forgot writes the host anew, under its new id. */
    @Test
    void aHostForgottenByAnotherHubIsWrittenAnewUnderItsNewId() throws Exception {
        try (PostgresStore a = (PostgresStore) open(Clock.systemUTC());
                PostgresStore b = (PostgresStore) open(Clock.systemUTC())) {
            a.commit(List.of(sample("web", 1, T0, DoubleNode.valueOf(1), LongNode.valueOf(10))));
            b.commit(List.of(new StoreOp.ForgetHost("web")));
            assertEquals(Optional.empty(), b.host("web"));
            // a's cache still holds the old id: the host comes back with its whole record (a new agent enrolled it)
            a.commit(List.of(new StoreOp.HostUpdate(host("web", 0)),
                    sample("web", 2, T0 + 1_000_000L, DoubleNode.valueOf(2), LongNode.valueOf(20))));
            assertEquals(Optional.of(2L), b.host("web").map(StoredHost::lastSeq));
            assertEquals(List.of("web"), b.hosts().stream().map(StoredHost::name).toList());
            b.adopt("web");
            assertEquals(List.of(2.0), b.recentHistory("web", 10).get("cpu").get("user").stream()
                    .map(p -> p.value().doubleValue()).toList());
            try (Connection c = sql(); Statement st = c.createStatement(); ResultSet r = st.executeQuery(
                    "SELECT (SELECT count(*) FROM host_counters), (SELECT count(*) FROM raw WHERE host_id NOT IN"
                            + " (SELECT id FROM hosts))")) {
                assertTrue(r.next());
                assertEquals(List.of(1L, 0L), List.of(r.getLong(1), r.getLong(2)), "nothing written to the old id");
            }
        }
    }

    @Test
    void rawSamplesLiveInDailyPartitionsAndExpiredDaysAreDropped() throws Exception {
        long day = 86_400_000_000L;
        long today = Math.floorDiv(T0, day) * day;
        Clock clock = Clock.fixed(Instant.ofEpochSecond(0, (today + 12 * StoreTiers.HOUR_US) * 1000), ZoneOffset.UTC);
        Retention retention = new Retention(Duration.ofHours(12), Duration.ofDays(30), Duration.ofDays(365), 0);
        try (JdbcStore store = open(clock)) {
            store.commit(List.of(sample("web", 1, today - day + 5, DoubleNode.valueOf(1), LongNode.valueOf(1)),
                    sample("web", 2, today + 5, DoubleNode.valueOf(2), LongNode.valueOf(1))));
            try (Connection c = sql(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT tableoid::regclass::text, count(*) FROM raw GROUP BY 1 ORDER BY 1")) {
                List<String> parts = new ArrayList<>();
                while (r.next()) {
                    parts.add(r.getString(1) + "=" + r.getInt(2));
                }
                assertEquals(2, parts.size(), parts.toString());
                assertTrue(parts.stream().allMatch(p -> p.matches("raw_\\d{8}=1")), parts.toString());
            }
            store.maintain(clock.millis() * 1000, retention);
            try (Connection c = sql(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT count(*) FROM pg_inherits WHERE inhparent = 'raw'::regclass")) {
                assertTrue(r.next());
                // yesterday's partition emptied by the retention and dropped: today's, tomorrow's and the default
                assertEquals(3, r.getInt(1));
            }
            assertEquals(List.of(2.0), store.recentHistory("web", 10).get("cpu").get("user").stream()
                    .map(p -> p.value().doubleValue()).toList());
            StoreException budget = assertThrows(StoreException.class, () -> store.maintain(clock.millis() * 1000,
                    new Retention(Duration.ofHours(12), Duration.ofDays(30), Duration.ofDays(365), 1 << 20)));
            assertTrue(budget.getMessage().contains("store_max_mib"), budget.getMessage());
        }
    }

    @Test
    void aServerThatGoesAwayFailsCommitsClearlyAndTheyGoThroughWhenItIsBack() throws Exception {
        try (JdbcStore store = open(Clock.systemUTC())) {
            store.commit(List.of(sample("web", 1, T0, DoubleNode.valueOf(1), LongNode.valueOf(1))));
            cluster.kill();
            try {
                StoreException e = assertThrows(StoreException.class, () -> store.commit(List.of(
                        sample("web", 2, T0 + 1_000_000L, DoubleNode.valueOf(2), LongNode.valueOf(1)))));
                assertTrue(e.getMessage().startsWith("cannot reach the store " + cluster.url()), e.getMessage());
                assertTrue(e.getMessage().contains("unacknowledged"), e.getMessage());
            } finally {
                cluster.startServer();
            }
            store.commit(List.of(sample("web", 2, T0 + 1_000_000L, DoubleNode.valueOf(2), LongNode.valueOf(1))));
            assertEquals(2, store.hosts().get(0).lastSeq());
            assertEquals(2, store.recentHistory("web", 10).get("cpu").get("user").size());
        }
    }
}
