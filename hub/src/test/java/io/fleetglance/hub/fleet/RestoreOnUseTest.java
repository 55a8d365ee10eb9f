package io.fleetglance.hub.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.common.wire.SampleDeltas;
import io.fleetglance.hub.store.GroupCommit;
import io.fleetglance.hub.store.Retention;
import io.fleetglance.hub.store.SqliteStore;
import io.fleetglance.hub.store.StoreOp;
import io.fleetglance.proto.CoreReading;
import io.fleetglance.proto.CpuReading;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessTable;
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

    /** A sample with a process table: five processes, one of which exits at seq 70 and is replaced at seq 71. */
    private static Sample withProcesses(int seq) {
        ProcessTable.Builder table = ProcessTable.newBuilder().setClockTicks(100).setPageSize(4096)
                .setMemTotal(8_000_000_000L);
        for (int pid = 100; pid < 105; pid++) {
            boolean replaced = pid == 102 && seq > 70;
            if (pid == 102 && seq == 70) {
                continue;
            }
            table.addProcesses(Process.newBuilder().setPid(pid).setStartTime(replaced ? 9_000 : 1_000 + pid)
                    .setName(replaced ? "worker-2" : "proc-" + pid).setState("S").setNumThreads(1)
                    .setUtime((long) seq * (pid - 99) * 3).setStime(seq * 2L).setRss(1_000_000L * (pid - 99))
                    .setVms(5_000_000L));
        }
        return sample(seq).toBuilder().setProcesses(table).build();
    }

    @Test
    void aHostRestoredFromStoredDeltasServesAndGoesOnAsIfTheHubHadNotStopped() throws Exception {
        int last = 2 * StoreOp.MAX_STORED_DELTAS + 30;
        HostRegistry reference = registry(null);
        Host twin = reference.attach(Hello.newBuilder().setHostName("web").setAgentId("id-web").build(),
                TestHosts.liveLink());
        JsonNode processesBefore;
        JsonNode cpuBefore;
        try (SqliteStore store = SqliteStore.open(dir, Clock.systemUTC())) {
            GroupCommit writer = writer(store);
            HostRegistry registry = registry(writer);
            Host host = registry.attach(Hello.newBuilder().setHostName("web").setAgentId("id-web").build(),
                    TestHosts.liveLink());
            Sample before = null;
            for (int seq = 1; seq <= last; seq++) {
                Sample whole = withProcesses(seq);
                Sample delta = before == null ? null : SampleDeltas.encode(before, whole);
                registry.ingest(host, whole, delta == null ? whole : delta, null);
                reference.ingest(twin, whole);
                before = whole;
            }
            processesBefore = host.state().stats().get("processlist");
            cpuBefore = host.state().stats().get("cpu");
            assertEquals(twin.state().stats().get("processlist"), processesBefore);
            writer.close();
            assertTrue(store.lastSamples("web").size() <= StoreOp.SAMPLE_SLOTS);
            assertTrue(Host.lastTwo(store.lastSamples("web")).get(0).getProcesses().getProcessesCount() == 5);
        }
        try (SqliteStore store = SqliteStore.open(dir, Clock.systemUTC())) {
            GroupCommit writer = writer(store);
            HostRegistry registry = registry(writer);
            Host web = registry.find("web").orElseThrow();
            assertEquals(List.of(last - 1L, (long) last),
                    Host.lastTwo(store.lastSamples("web")).stream().map(Sample::getSeq).toList(),
                    "the last two samples rebuilt from the whole one and the deltas after it");
            assertEquals(processesBefore, web.state().stats().get("processlist"));
            assertEquals(cpuBefore, web.state().stats().get("cpu"));
            // the agent's next stream starts whole; its rates are those of a hub that never stopped
            Sample next = withProcesses(last + 1);
            registry.ingest(web, next);
            reference.ingest(twin, next);
            assertEquals(twin.state().stats().get("processlist"), web.state().stats().get("processlist"));
            assertEquals(twin.state().stats().get("cpu"), web.state().stats().get("cpu"));
            assertTrue(web.state().stats().get("processlist").get(0).get("cpu_percent").doubleValue() > 0);
            writer.close();
        }
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
