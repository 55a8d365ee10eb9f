package io.fleetglance.hub.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.hub.store.GroupCommit;
import io.fleetglance.hub.store.Retention;
import io.fleetglance.hub.store.SqliteStore;
import io.fleetglance.proto.CoreReading;
import io.fleetglance.proto.CpuReading;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.Sample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub restarted on its store knows every host at once and loads each host's stats and history when the host is
 * first used (or in the background): what it then serves is what it served before the restart.
 */
class RestoreOnUseTest {

    private static final long T0_US = 1_795_000_000_000_000L;

    @TempDir
    Path dir;

    private static Sample sample(int seq) {
        return Sample.newBuilder().setSeq(seq).setWallTimeUs(T0_US + seq * 1_000_000L).setMonoTimeNs(seq * 1_000_000_000L)
                .setCore(CoreReading.newBuilder().setPhys(2).setLog(2))
                .setCpu(CpuReading.newBuilder().setTimes(CpuTimes.newBuilder().setUser(100L * seq * seq)
                        .setIdle(200L * seq - 100L * seq * seq + 10_000)))
                .setMem(MemReading.newBuilder().setTotal(8_000_000).setAvailable(6_000_000 - seq * 1000L))
                .build();
    }

    private HostRegistry registry(GroupCommit store) {
        return new HostRegistry(GlancesPlugins.catalogue(), GlancesConfig.shipped(), 1200, Clock.systemUTC(), store,
                100, NameBindings.inMemory());
    }

    private static GroupCommit writer(SqliteStore store) {
        return new GroupCommit(store, Duration.ofMillis(20), Retention.DEFAULT, () -> T0_US).start();
    }

    @Test
    void aRestoredHostServesItsStatsAndHistoryFromItsFirstUse() throws Exception {
        JsonNode cpuBefore;
        JsonNode memBefore;
        try (SqliteStore store = SqliteStore.open(dir, Clock.systemUTC())) {
            GroupCommit writer = writer(store);
            HostRegistry registry = registry(writer);
            for (String name : List.of("web", "db")) {
                Host host = registry.attach(Hello.newBuilder().setHostName(name).setAgentId("id-" + name).build(),
                        TestHosts.liveLink());
                for (int seq = 1; seq <= 4; seq++) {
                    registry.ingest(host, sample(seq));
                }
            }
            Host web = registry.find("web").orElseThrow();
            cpuBefore = web.state().stats().get("cpu");
            memBefore = web.state().stats().get("mem");
            writer.close();
        }

        try (SqliteStore store = SqliteStore.open(dir, Clock.systemUTC())) {
            GroupCommit writer = writer(store);
            HostRegistry registry = registry(writer);
            Host web = registry.find("web").orElseThrow();
            Host db = registry.find("db").orElseThrow();
            assertFalse(web.settled() || db.settled(), "nothing loaded before the first use");
            assertEquals(4, web.lastSeq(), "the record is back at once");

            assertEquals(cpuBefore, web.state().stats().get("cpu"));
            // mem's min/max/mean are "since startup": they start again from the two samples the store kept
            assertEquals(memBefore.get("percent"), web.state().stats().get("mem").get("percent"));
            assertEquals(memBefore.get("used"), web.state().stats().get("mem").get("used"));
            assertEquals(4, web.state().seq());
            assertTrue(web.settled());
            assertFalse(db.settled(), "one host's use loads that host only");
            assertEquals(4, web.history("mem", "percent", 10).orElseThrow().size());

            registry.settleAll();
            assertTrue(db.settled());
            // the next sample of a restored host has its rates: the deriver took the last samples again
            registry.ingest(db, sample(5));
            assertEquals(5, db.state().seq());
            assertTrue(db.state().stats().get("cpu").get("user").doubleValue() > 0, db.state().stats().toString());
            assertEquals(5, db.history("mem", "percent", 10).orElseThrow().size());
            writer.close();
        }
    }
}
