package io.fleetglance.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import org.junit.jupiter.api.Test;

/** What every store keeps and how: run on each engine by its own test class. */
abstract class HubStoreContract {

    static final long T0 = 1_699_999_200_000_000L; // a whole minute (and hour) in epoch microseconds

    /** Opens the store under test (again: what it kept before is there). */
    abstract JdbcStore open(Clock clock) throws Exception;

    /** A plain JDBC connection to the store, to look inside. */
    abstract Connection sql() throws Exception;

    /** Makes the store what a hub left it before its hosts' counters had a table of their own. */
    abstract void migrateToTheSchemaBeforeHostCounters(Connection c) throws Exception;

    static StoredHost host(String name, long seq) {
        return new StoredHost(name, "id-" + name, null, new byte[] {1, 2}, 1000, 42, seq, 3, 4,
                "[{\"type\":\"CPU\"}]");
    }

    static StoreOp.HostSample sample(String name, long seq, long timeUs, JsonNode user, JsonNode count) {
        return new StoreOp.HostSample(host(name, seq), seq, timeUs, List.of(
                new StoreOp.SeriesValue("cpu", "user", user),
                new StoreOp.SeriesValue("processcount", "total", count)), () -> new byte[] {(byte) seq}, seq == 1, seq == 1);
    }

    private static List<Integer> seqs(List<byte[]> samples) {
        return samples.stream().map(b -> (int) b[0] & 0xFF).toList();
    }

    /** The counters moved to a table of their own (and SQLite's last samples to a rowid table): nothing is lost. */
    @Test
    void aStoreAsAnOlderHubLeftItKeepsItsHostsAndLastSamples() throws Exception {
        String events = "[{\"type\":\"MEM\"}]";
        try (Connection c = sql()) {
            c.setAutoCommit(false);
            migrateToTheSchemaBeforeHostCounters(c);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO hosts(id, name, agent_id, credential, hello,"
                    + " period_ms, last_seen_ms, last_seq, dropped, missed, events)"
                    + " VALUES (7, 'old', 'id-old', 'cred', ?, 2000, 1764979200000, 42, 3, 2, ?)")) {
                p.setBytes(1, new byte[] {1, 2});
                p.setString(2, events);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO last_samples VALUES (7, ?, ?, ?)")) {
                for (int seq = 41; seq <= 42; seq++) {
                    p.setInt(1, seq);
                    p.setInt(2, seq);
                    p.setBytes(3, new byte[] {(byte) seq});
                    p.executeUpdate();
                }
            }
            c.commit();
        }
        try (JdbcStore store = open(Clock.systemUTC())) {
            StoredHost old = store.hosts().get(0);
            assertEquals(List.of("old", "id-old", "cred", 2000L, 1764979200000L, 42L, 3L, 2L, events),
                    List.of(old.name(), old.agentId(), old.credential(), old.periodMs(), old.lastSeenMillis(),
                            old.lastSeq(), old.droppedSamples(), old.missedSamples(), old.eventsJson()));
            assertEquals(List.of(1, 2), List.of((int) old.hello()[0], (int) old.hello()[1]));
            assertEquals(List.of(41, 42), seqs(store.lastSamples("old")));
            // and goes on from there: the next sample's counters and the one slot it takes
            store.commit(List.of(new StoreOp.HostSample(new StoredHost("old", "id-old", "cred", old.hello(), 2000,
                    1764979202000L, 43, 3, 2, events), 43, 1764979202000_000L, List.of(),
                    () -> new byte[] {43}, false, false)));
            assertEquals(List.of(43L, 1764979202000L), List.of(store.hosts().get(0).lastSeq(),
                    store.hosts().get(0).lastSeenMillis()));
            assertEquals(List.of(41, 42, 43), seqs(store.lastSamples("old")));
        }
    }

    @Test
    void keepsTheLastChainsOfSamplesAndForgetsThoseOfSeqsCountedAgain() throws Exception {
        try (JdbcStore store = open(Clock.systemUTC())) {
            List<StoreOp> ops = new ArrayList<>();
            for (int i = 1; i <= StoreOp.SAMPLE_SLOTS + 7; i++) {
                ops.add(sample("web", i, T0 + i * 1_000_000L, DoubleNode.valueOf(i), LongNode.valueOf(i)));
            }
            store.commit(ops.subList(0, 50));
            store.commit(ops.subList(50, ops.size()));
            List<Integer> kept = seqs(store.lastSamples("web"));
            assertEquals(StoreOp.SAMPLE_SLOTS, kept.size(), "one slot per seq, the oldest overwritten");
            assertEquals(8, kept.get(0));
            assertEquals(StoreOp.SAMPLE_SLOTS + 7, kept.get(kept.size() - 1));
            // an agent that counts from 1 again starts with a whole sample: what had higher seqs goes
            store.commit(List.of(sample("web", 1, T0 + 999_000_000L, DoubleNode.valueOf(1), LongNode.valueOf(1))));
            assertEquals(List.of(1), seqs(store.lastSamples("web")));
        }
    }

    @Test
    void keepsHostsSamplesAndHistoryAcrossReopening() throws Exception {
        try (JdbcStore store = open(Clock.systemUTC())) {
            List<StoreOp> ops = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                ops.add(sample("web", i, T0 + i * 1_000_000L, DoubleNode.valueOf(i + 0.5),
                        i == 3 ? NullNode.instance : LongNode.valueOf(100 + i)));
            }
            ops.add(new StoreOp.HostUpdate(new StoredHost("db", "id-db", "cred-1", new byte[0], 2000, 0, 0, 0, 0,
                    "[]")));
            store.commit(ops);
        }
        try (JdbcStore store = open(Clock.systemUTC())) {
            List<StoredHost> hosts = store.hosts();
            assertEquals(List.of("web", "db"), hosts.stream().map(StoredHost::name).toList());
            StoredHost web = hosts.get(0);
            assertEquals(5, web.lastSeq());
            assertEquals(3, web.droppedSamples());
            assertEquals(4, web.missedSamples());
            assertEquals("[{\"type\":\"CPU\"}]", web.eventsJson());
            assertEquals("cred-1", hosts.get(1).credential());
            // the raw samples by seq: the whole one and the deltas on it
            assertEquals(List.of(1, 2, 3, 4, 5), seqs(store.lastSamples("web")));
            Map<String, Map<String, List<StoredPoint>>> history = store.recentHistory("web", 3);
            assertEquals(List.of("cpu", "processcount"), List.copyOf(history.keySet()));
            List<StoredPoint> user = history.get("cpu").get("user");
            assertEquals(List.of(T0 + 3_000_000L, T0 + 4_000_000L, T0 + 5_000_000L),
                    user.stream().map(StoredPoint::timeUs).toList());
            assertEquals(List.of(3.5, 4.5, 5.5), user.stream().map(p -> p.value().doubleValue()).toList());
            List<StoredPoint> total = history.get("processcount").get("total");
            assertTrue(total.get(0).value().isNull());
            assertTrue(total.get(1).value().isIntegralNumber());
            assertEquals(104, total.get(1).value().longValue());
        }
    }

    @Test
    void nameBindingsAreDurableAtOnceAndOutliveTheHostsRecord() throws Exception {
        try (JdbcStore store = open(Clock.systemUTC())) {
            store.bind("web", "sha256:" + "a".repeat(64));
            store.bind("db", "sha256:" + "b".repeat(64));
            assertTrue(store.release("db"));
            assertFalse(store.release("db"), "not bound any more");
            store.commit(List.of(sample("web", 1, T0, DoubleNode.valueOf(1), LongNode.valueOf(1))));
            store.commit(List.of(new StoreOp.ForgetHost("web")));
        }
        // another process (fleetglance hub release, another hub) sees and changes them while this one has them open
        try (JdbcStore store = open(Clock.systemUTC());
                JdbcStore other = open(Clock.systemUTC())) {
            assertEquals(Optional.of("sha256:" + "a".repeat(64)), store.boundCredential("web"),
                    "a forgotten host's name stays bound until an operator releases it");
            assertEquals(Optional.empty(), store.boundCredential("db"));
            assertTrue(other.release("web"));
            assertEquals(Optional.empty(), store.boundCredential("web"));
        }
    }

    @Test
    void forgetRemovesEverythingOfAHost() throws Exception {
        try (JdbcStore store = open(Clock.systemUTC())) {
            store.commit(List.of(sample("web", 1, T0, DoubleNode.valueOf(1), LongNode.valueOf(1))));
            store.commit(List.of(new StoreOp.ForgetHost("web"),
                    sample("web", 1, T0 + 5, DoubleNode.valueOf(7), LongNode.valueOf(1))));
            assertEquals(1, store.hosts().size());
            assertEquals(7.0, store.recentHistory("web", 10).get("cpu").get("user").get(0).value().doubleValue());
            assertEquals(1, store.recentHistory("web", 10).get("cpu").get("user").size());
            store.commit(List.of(new StoreOp.ForgetHost("web")));
            assertEquals(List.of(), store.hosts());
            assertEquals(Map.of(), store.recentHistory("web", 10));
        }
    }

    @Test
    void rollsUpMinutesAndHoursToHandComputedMinAvgMax() throws Exception {
        // now: two hours after T0; raw kept 1 h, minutes 1 d, hours 1 y
        Clock clock = Clock.fixed(Instant.ofEpochSecond(0, (T0 + 2 * StoreTiers.HOUR_US) * 1000), ZoneOffset.UTC);
        Retention retention = new Retention(Duration.ofHours(1), Duration.ofDays(1),
                Duration.ofDays(365), 0);
        try (JdbcStore store = open(clock)) {
            // minute 0: 1, 2, 6 (and a null, not counted); minute 1: 10, 20; minute 61: 100
            double[][] points = {{0, 1}, {20, 2}, {40, 6}, {60, 10}, {90, 20}, {3660, 100}};
            List<StoreOp> ops = new ArrayList<>();
            int seq = 1;
            for (double[] p : points) {
                ops.add(sample("web", seq++, T0 + (long) p[0] * 1_000_000L, DoubleNode.valueOf(p[1]),
                        LongNode.valueOf(1)));
            }
            ops.add(sample("web", seq, T0 + 50 * 1_000_000L, NullNode.instance, LongNode.valueOf(1)));
            store.commit(ops);
            store.maintain(clock.millis() * 1000, retention);

            // 2 h ago is past the raw retention: the minute tier answers, one bucket per minute
            HistoryRange minutes = store.range("web", "cpu", T0, T0 + 2 * StoreTiers.MINUTE_US, 1000);
            assertEquals("minute", minutes.tier());
            List<HistoryRange.Bucket> b = minutes.series().get("user");
            assertEquals(2, b.size());
            assertBucket(b.get(0), T0, 1, 3, 6, 3);
            assertBucket(b.get(1), T0 + StoreTiers.MINUTE_US, 10, 15, 20, 2);
            // folded into one bucket of two minutes: avg weighted by count = (1+2+6+10+20)/5
            HistoryRange folded = store.range("web", "cpu", T0, T0 + 2 * StoreTiers.MINUTE_US, 1);
            assertBucket(folded.series().get("user").get(0), T0, 1, 39.0 / 5, 20, 5);
            // raw points past their retention (1 h), once rolled up, are gone; the last hour's stay
            List<StoredPoint> raw = store.recentHistory("web", 100).get("cpu").get("user");
            assertEquals(List.of(100.0), raw.stream().map(p -> p.value().doubleValue()).toList());
        }
        // a year back reads the hour tier: hour 0 holds the first two minutes, hour 1 the 100
        Clock later = Clock.fixed(Instant.ofEpochSecond(0, (T0 + 40L * 86_400_000_000L) * 1000), ZoneOffset.UTC);
        try (JdbcStore store = open(later)) {
            store.maintain(later.millis() * 1000, retention);
            HistoryRange hours = store.range("web", "cpu", T0, T0 + 2 * StoreTiers.HOUR_US, 10);
            assertEquals("hour", hours.tier());
            List<HistoryRange.Bucket> b = hours.series().get("user");
            assertEquals(2, b.size());
            assertBucket(b.get(0), T0, 1, 39.0 / 5, 20, 5);
            assertBucket(b.get(1), T0 + StoreTiers.HOUR_US, 100, 100, 100, 1);
            // minutes past their 1 d retention are gone, hours stay
            try (Connection c = sql();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT step, count(*) FROM rollup GROUP BY step")) {
                assertTrue(r.next());
                assertEquals(3600, r.getInt(1));
                assertEquals(4, r.getInt(2), "2 hours of cpu.user and processcount.total");
                assertTrue(!r.next(), "no minute left");
            }
        }
    }

    @Test
    void rawRangeFoldsPointsIntoBuckets() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(0, (T0 + 60_000_000L) * 1000), ZoneOffset.UTC);
        try (JdbcStore store = open(clock)) {
            List<StoreOp> ops = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ops.add(sample("web", i + 1, T0 + i * 1_000_000L, DoubleNode.valueOf(i * i), LongNode.valueOf(i)));
            }
            store.commit(ops);
            HistoryRange r = store.range("web", "cpu", T0, T0 + 10_000_000L, 2);
            assertEquals("raw", r.tier());
            assertEquals(5_000_000L, r.stepUs());
            List<HistoryRange.Bucket> b = r.series().get("user");
            assertBucket(b.get(0), T0, 0, (0 + 1 + 4 + 9 + 16) / 5.0, 16, 5);
            assertBucket(b.get(1), T0 + 5_000_000L, 25, (25 + 36 + 49 + 64 + 81) / 5.0, 81, 5);
            assertEquals(Map.of(), store.range("web", "nosuchplugin", T0, T0 + 10_000_000L, 2).series());
        }
    }

    private static void assertBucket(HistoryRange.Bucket b, long start, double min, double avg, double max,
            long count) {
        assertEquals(start, b.startUs(), "start");
        assertEquals(min, b.min(), 1e-9, "min");
        assertEquals(avg, b.avg(), 1e-9, "avg");
        assertEquals(max, b.max(), 1e-9, "max");
        assertEquals(count, b.count(), "count");
    }

    @Test
    void settledWindowsOfRawSamplesAreCompactedAndReadBackTheSame() throws Exception {
        // 40 minutes of samples every 2 s; at T0 + 45 min, every window that ended before the minutes rolled up is due
        Clock clock = Clock.fixed(Instant.ofEpochSecond(0, (T0 + 45 * StoreTiers.MINUTE_US) * 1000), ZoneOffset.UTC);
        int samples = 1200;
        try (JdbcStore store = open(clock)) {
            List<StoreOp> ops = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                ops.add(sample("web", i + 1, T0 + i * 2_000_000L, DoubleNode.valueOf((i * 37 % 1000) / 10.0),
                        i % 100 == 7 ? NullNode.instance : LongNode.valueOf(300 + i % 5)));
            }
            store.commit(ops);
            Map<String, Map<String, List<StoredPoint>>> recentBefore = store.recentHistory("web", samples);
            Map<String, Map<String, List<StoredPoint>>> lastBefore = store.recentHistory("web", 100);
            HistoryRange rangeBefore = store.range("web", "cpu", T0, T0 + 40 * StoreTiers.MINUTE_US, 40);
            long rowsBefore = count("SELECT count(*) FROM raw");
            store.maintain(clock.millis() * 1000, Retention.DEFAULT);

            long rows = count("SELECT count(*) FROM raw");
            long chunked = count("SELECT sum(samples) FROM raw_chunks");
            assertEquals(samples, rowsBefore);
            assertTrue(chunked >= 900 && rows + chunked == samples, rows + " rows, " + chunked + " in chunks");
            assertEquals(0, count("SELECT count(*) FROM raw WHERE time_us < (SELECT max(end_us) FROM raw_chunks)"),
                    "a compacted sample leaves the rows");
            long chunkBytes = count("SELECT sum(length(data)) FROM raw_chunks");
            assertTrue(chunkBytes < chunked * 2 * 2, chunkBytes + " bytes for " + chunked * 2 + " points");
            assertEquals(recentBefore, store.recentHistory("web", samples));
            assertEquals(lastBefore, store.recentHistory("web", 100));
            assertEquals(rangeBefore, store.range("web", "cpu", T0, T0 + 40 * StoreTiers.MINUTE_US, 40));
            // what a follower asks: the points after a time, here inside a chunk
            List<StoredPoint> after = store.recentHistory("web", T0 + 100_000_000L, samples).get("cpu").get("user");
            assertEquals(T0 + 102_000_000L, after.get(0).timeUs());
            assertEquals(samples - 51, after.size());
            List<StoredPoint> last = store.recentHistory("web", T0 + 100_000_000L, 10).get("cpu").get("user");
            assertEquals(T0 + 2_380_000_000L, last.get(0).timeUs());
            assertEquals(10, last.size());

            // a sample resent late into a compacted window: a row until maintenance merges it into the chunk
            long late = T0 + 61_000_000L;
            store.commit(List.of(sample("web", samples + 1, late, DoubleNode.valueOf(555.5), LongNode.valueOf(1))));
            store.maintain(clock.millis() * 1000, Retention.DEFAULT);
            assertEquals(rows, count("SELECT count(*) FROM raw"));
            assertEquals(chunked + 1, count("SELECT sum(samples) FROM raw_chunks"));
            HistoryRange minute = store.range("web", "cpu", T0 + StoreTiers.MINUTE_US, T0 + 2 * StoreTiers.MINUTE_US,
                    1);
            assertBucket(minute.series().get("user").get(0), T0 + StoreTiers.MINUTE_US, 3.5,
                    (sum(30, 60) + 555.5) / 31, 555.5, 31);
        }
        // and the same after reopening
        try (JdbcStore store = open(clock)) {
            List<StoredPoint> user = store.recentHistory("web", samples + 1).get("cpu").get("user");
            assertEquals(samples + 1, user.size());
            assertEquals(555.5, user.get(31).value().doubleValue());
        }
    }

    @Test
    void maintenanceInSlicesGoesHostByHostAndEndsAsAWholeRound() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(0, (T0 + 45 * StoreTiers.MINUTE_US) * 1000), ZoneOffset.UTC);
        List<String> hosts = List.of("a", "b", "c");
        try (JdbcStore store = open(clock)) {
            List<StoreOp> ops = new ArrayList<>();
            for (String host : hosts) {
                for (int i = 0; i < 1200; i++) {
                    ops.add(sample(host, i + 1, T0 + i * 2_000_000L, DoubleNode.valueOf((i * 37 % 1000) / 10.0),
                            LongNode.valueOf(300 + i % 5)));
                }
            }
            store.commit(ops);
            Map<String, Map<String, Map<String, List<StoredPoint>>>> before = new java.util.HashMap<>();
            for (String host : hosts) {
                before.put(host, store.recentHistory(host, 1200));
            }
            long now = clock.millis() * 1000;
            // no time at all: one host per call, the round done with the last
            assertFalse(store.maintainSome(now, Retention.DEFAULT, 0));
            assertEquals(1, count("SELECT count(DISTINCT host_id) FROM raw_chunks"), "one host compacted");
            assertEquals(1, count("SELECT count(DISTINCT host_id) FROM rollup"), "one host rolled up");
            assertFalse(store.maintainSome(now, Retention.DEFAULT, 0));
            assertEquals(2, count("SELECT count(DISTINCT host_id) FROM raw_chunks"));
            assertTrue(store.maintainSome(now, Retention.DEFAULT, 0), "the round ends with the last host");
            assertEquals(3, count("SELECT count(DISTINCT host_id) FROM raw_chunks"));
            long rows = count("SELECT count(*) FROM raw");
            long chunked = count("SELECT sum(samples) FROM raw_chunks");
            for (String host : hosts) {
                assertEquals(before.get(host), store.recentHistory(host, 1200), host + " reads the same");
            }
            // a new round starts at the first host again; a whole maintain finds nothing more to do
            assertFalse(store.maintainSome(now, Retention.DEFAULT, 0));
            store.maintain(now, Retention.DEFAULT);
            assertEquals(rows, count("SELECT count(*) FROM raw"));
            assertEquals(chunked, count("SELECT sum(samples) FROM raw_chunks"));
            assertTrue(store.maintainSome(now, Retention.DEFAULT, Long.MAX_VALUE), "with time enough, a whole round");
        }
    }

    @Test
    void aDamagedChunkIsLeftOutAndNothingElseIs() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(0, (T0 + 45 * StoreTiers.MINUTE_US) * 1000), ZoneOffset.UTC);
        try (JdbcStore store = open(clock)) {
            List<StoreOp> ops = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                ops.add(sample("web", i + 1, T0 + i * 2_000_000L, DoubleNode.valueOf(i), LongNode.valueOf(1)));
            }
            store.commit(ops);
            store.maintain(clock.millis() * 1000, Retention.DEFAULT);
            long firstStart = count("SELECT min(start_us) FROM raw_chunks");
            long damaged = count("SELECT samples FROM raw_chunks WHERE start_us = " + firstStart);
            try (Connection c = sql(); java.sql.PreparedStatement p = c.prepareStatement(
                    "UPDATE raw_chunks SET data = ? WHERE start_us = ?")) {
                p.setBytes(1, new byte[] {1, 42, 42, 42});
                p.setLong(2, firstStart);
                assertEquals(1, p.executeUpdate());
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
            // reads leave the damaged window out, and only it
            assertEquals(1200 - damaged, store.recentHistory("web", 2000).get("cpu").get("user").size());
            HistoryRange raw = store.range("web", "cpu", T0, T0 + 40 * StoreTiers.MINUTE_US, 2400);
            assertEquals("raw", raw.tier());
            assertEquals(1200 - damaged, raw.series().get("user").stream().mapToLong(HistoryRange.Bucket::count).sum());
            // its minutes were rolled up before: they stay whole
            HistoryRange minutes = store.range("web", "cpu", T0, T0 + 40 * StoreTiers.MINUTE_US, 1);
            assertEquals(1200, minutes.series().get("user").get(0).count());
            // a late sample for that window stays a row, readable, and maintenance goes on for the rest
            store.commit(List.of(sample("web", 1201, firstStart + 1, DoubleNode.valueOf(-1), LongNode.valueOf(1))));
            store.maintain(clock.millis() * 1000, Retention.DEFAULT);
            assertEquals(1, count("SELECT count(*) FROM raw WHERE time_us = " + (firstStart + 1)));
            assertEquals(1200 - damaged + 1, store.recentHistory("web", 2000).get("cpu").get("user").size());
        }
    }

    /** The sum of the test's cpu.user values for samples {@code from} to {@code to} (exclusive). */
    private static double sum(int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (i * 37 % 1000) / 10.0;
        }
        return s;
    }

    private long count(String sql) throws Exception {
        try (Connection c = sql(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next());
            return r.getLong(1);
        }
    }

    @Test
    void refusesAStoreWrittenByANewerHub() throws Exception {
        String location;
        try (JdbcStore store = open(Clock.systemUTC())) {
            location = store.location();
        }
        try (Connection c = sql(); Statement s = c.createStatement()) {
            s.execute("UPDATE schema_version SET version = 99");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        StoreException e = assertThrows(StoreException.class, () -> open(Clock.systemUTC()).close());
        assertTrue(e.getMessage().contains(location), e.getMessage());
        assertTrue(e.getMessage().contains("newer Fleetglance (store schema 99"), e.getMessage());
    }

    @Test
    void aRangeOfMinuteBucketsReadsTheMinutesThenTheRawPointsNotRolledUpYet() throws Exception {
        // one sample every 10 s for 6 minutes; at T0 + 6.5 min, minutes up to T0 + 4 min are rolled up
        Clock clock = Clock.fixed(Instant.ofEpochSecond(0, (T0 + 6 * StoreTiers.MINUTE_US + 30_000_000L) * 1000),
                ZoneOffset.UTC);
        try (JdbcStore store = open(clock)) {
            List<StoreOp> ops = new ArrayList<>();
            for (int i = 0; i < 36; i++) {
                ops.add(sample("web", i + 1, T0 + i * 10_000_000L, DoubleNode.valueOf(i), LongNode.valueOf(1)));
            }
            store.commit(ops);
            store.maintain(clock.millis() * 1000, Retention.DEFAULT);
            HistoryRange r = store.range("web", "cpu", T0, T0 + 6 * StoreTiers.MINUTE_US, 6);
            assertEquals("minute", r.tier());
            assertEquals(StoreTiers.MINUTE_US, r.stepUs());
            List<HistoryRange.Bucket> b = r.series().get("user");
            assertEquals(6, b.size(), b.toString());
            for (int m = 0; m < 6; m++) {
                // minutes 0-3 from their rollups, 4 and 5 from raw points: the same figures either way
                assertBucket(b.get(m), T0 + m * StoreTiers.MINUTE_US, 6 * m, 6 * m + 2.5, 6 * m + 5, 6);
            }
        }
    }

    @Test
    void samplesResentLateAreRolledUpAgain() throws Exception {
        // the minutes of T0 are rolled up; then an agent's backlog brings a sample of T0's first minute
        Clock clock = Clock.fixed(Instant.ofEpochSecond(0, (T0 + StoreTiers.HOUR_US + 10 * StoreTiers.MINUTE_US)
                * 1000), ZoneOffset.UTC);
        Retention retention = new Retention(Duration.ofDays(1), Duration.ofDays(30), Duration.ofDays(365), 0);
        try (JdbcStore store = open(clock)) {
            store.commit(List.of(sample("web", 1, T0, DoubleNode.valueOf(10), LongNode.valueOf(1)),
                    sample("web", 3, T0 + StoreTiers.HOUR_US, DoubleNode.valueOf(50), LongNode.valueOf(1))));
            store.maintain(clock.millis() * 1000, retention);
        }
        // the late sample comes to a store opened again (as after a hub restart): the mark is in the store
        try (JdbcStore store = open(clock)) {
            store.commit(List.of(sample("web", 2, T0 + 30_000_000L, DoubleNode.valueOf(30), LongNode.valueOf(1))));
            store.maintain(clock.millis() * 1000, retention);
        }
        try (Connection c = sql(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT step, min, avg, max, count FROM rollup WHERE bucket = " + T0 + " AND series_id = 0"
                        + " ORDER BY step")) {
            assertTrue(r.next());
            assertEquals(60, r.getInt(1));
            assertEquals(10, r.getDouble(2));
            assertEquals(20, r.getDouble(3));
            assertEquals(30, r.getDouble(4));
            assertEquals(2, r.getLong(5), "the minute counts the late sample");
            assertTrue(r.next());
            assertEquals(3600, r.getInt(1));
            assertEquals(2, r.getLong(5), "and so does its hour");
        }
    }
}
