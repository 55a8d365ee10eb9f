package io.fleetglance.hub.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.CoreReading;
import io.fleetglance.proto.CpuReading;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host's process and program lists are built when someone reads them, not with every sample; the events engine
 * reads the process list only when a CRITICAL event needs its top processes.
 */
class ProcessListOnReadTest {

    private static final long PERIOD_NS = 2_000_000_000L;

    private final HostRegistry registry = new HostRegistry(GlancesPlugins.catalogue(), GlancesConfig.shipped(), 1200,
            Clock.systemUTC());
    private Host host;
    private long userTicks;
    private long idleTicks;
    private long burnerTicks;
    private int seq;

    @BeforeEach
    void attach() throws Exception {
        host = registry.attach(Hello.newBuilder().setHostName("busy").setAgentId("busy-id").build(),
                TestHosts.liveLink());
    }

    /** One period of a 2-CPU host (400 ticks) of which {@code busyTicks} went to the process "burner". */
    private Sample period(long busyTicks) {
        userTicks += busyTicks + 4;
        idleTicks += 400 - busyTicks - 4;
        burnerTicks += busyTicks;
        seq++;
        ProcessTable table = ProcessTable.newBuilder().setClockTicks(100).setMemTotal(8L << 30).setPidMax(4_194_304)
                .addProcesses(Process.newBuilder().setPid(41).setStartTime(500).setName("burner").setState("R")
                        .setUtime(burnerTicks).setRss(1 << 20))
                .addProcesses(Process.newBuilder().setPid(1).setStartTime(1).setName("init").setState("S")
                        .setUtime(seq).setRss(1 << 22))
                .build();
        return Sample.newBuilder().setSeq(seq).setWallTimeUs(1_795_000_000_000_000L + seq * 2_000_000L)
                .setMonoTimeNs(seq * PERIOD_NS).setCore(CoreReading.newBuilder().setPhys(2).setLog(2))
                .setCpu(CpuReading.newBuilder().setTimes(CpuTimes.newBuilder().setUser(userTicks).setIdle(idleTicks)))
                .setProcesses(table).build();
    }

    @Test
    void aCalmHostsListsWaitForTheirFirstReader() {
        for (int i = 0; i < 3; i++) {
            registry.ingest(host, period(20));
            assertTrue(host.state().stats().builtOnRead("processlist"), "sample " + seq);
            assertTrue(host.state().stats().builtOnRead("programlist"), "sample " + seq);
        }

        JsonNode programs = host.state().stats().get("programlist");

        assertFalse(host.state().stats().builtOnRead("programlist"));
        assertEquals(2, programs.size());
        JsonNode burner = host.state().stats().get("processlist").get(0);
        assertEquals("burner", burner.get("name").textValue());
        assertEquals(10.0, burner.get("cpu_percent").doubleValue(), "20 ticks of 2 s: 10 % of one CPU");
        assertEquals(2, host.state().stats().get("processcount").get("total").intValue());
    }

    @Test
    void aCriticalEventReadsTheTopProcessesOfItsSample() {
        registry.ingest(host, period(20));
        registry.ingest(host, period(20));
        registry.ingest(host, period(396)); // the event opens
        assertTrue(host.state().stats().builtOnRead("processlist"), "opening an event needs no process");

        registry.ingest(host, period(396)); // the event goes on, CRITICAL: Glances counts its top processes

        assertFalse(host.state().stats().builtOnRead("processlist"));
        JsonNode event = host.state().stats().get("alert").get(0);
        assertEquals("CPU_TOTAL", event.get("type").textValue(), event.toString());
        assertEquals("CRITICAL", event.get("state").textValue());
        assertEquals("burner", event.get("top").get(0).textValue(), event.toString());
    }
}
