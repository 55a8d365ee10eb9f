package io.fleetglance.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.ThreadMXBean;
import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.common.alerts.HostAlerts;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.derive.HostDeriver;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.HostRegistry;
import io.fleetglance.hub.fleet.TestHosts;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what handling one sample costs the hub, and where: deriving the stats, evaluating thresholds and events, and
 * the whole ingest (history, state). A benchmark, excluded from the normal build: {@code bench/hub-ingest.sh}.
 */
@Tag("benchmark")
class HostIngestBenchmark {

    @Test
    void costOfOneSample() throws Exception {
        Sample.Builder b = Sample.newBuilder();
        for (Collector c : CollectorSet.standard(HostRoot.system()).all()) {
            c.collect(b);
        }
        ProcessTable.Builder table = b.getProcesses().toBuilder().clearProcesses();
        List<Process> real = b.getProcesses().getProcessesList();
        for (int i = 0; i < 100; i++) {
            table.addProcesses(real.get(i % real.size()).toBuilder().setPid(100_000 + i).setStartTime(1000 + i));
        }
        Sample template = b.setProcesses(table).build();
        int n = 3000;
        Sample[] samples = new Sample[n];
        for (int i = 0; i < n; i++) {
            samples[i] = template.toBuilder().setSeq(i + 1).setWallTimeUs(1_795_000_000_000_000L + i * 2_000_000L)
                    .setMonoTimeNs(i * 2_000_000_000L).build();
        }
        HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.shipped());
        HostAlerts alerts = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
        Map<String, JsonNode> last = null;
        for (int i = 0; i < n / 2; i++) {
            last = deriver.derive(samples[i]);
            alerts.update(last, Instant.ofEpochSecond(1_795_000_000L + i * 2L));
            last.get("programlist"); // warms what builds the lists, as the timed reads below do
        }
        long t0 = System.nanoTime();
        for (int i = n / 2; i < n; i++) {
            last = deriver.derive(samples[i]);
        }
        long derive = System.nanoTime() - t0;
        // the same, when someone reads both process lists of every sample (they are built on read)
        t0 = System.nanoTime();
        for (int i = n / 2; i < n; i++) {
            Map<String, JsonNode> stats = deriver.derive(samples[i]);
            if (stats.get("processlist").size() + stats.get("programlist").size() == 0) {
                throw new IllegalStateException("no process");
            }
        }
        long deriveAndRead = System.nanoTime() - t0;
        t0 = System.nanoTime();
        for (int i = n / 2; i < n; i++) {
            alerts.update(last, Instant.ofEpochSecond(1_795_000_000L + i * 2L));
        }
        long evaluate = System.nanoTime() - t0;

        HostRegistry registry = new HostRegistry(GlancesPlugins.catalogue(), GlancesConfig.shipped(), 1200,
                Clock.systemUTC());
        Host host = registry.attach(Hello.newBuilder().setHostName("bench").setAgentId("bench-id").build(),
                TestHosts.liveLink());
        for (int i = 0; i < n / 2; i++) {
            registry.ingest(host, samples[i]);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long a0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        t0 = System.nanoTime();
        for (int i = n / 2; i < n; i++) {
            registry.ingest(host, samples[i]);
        }
        long ingest = System.nanoTime() - t0;
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - a0;
        int m = n / 2;
        System.out.printf("BENCH one sample of %d processes: derive %.2f ms (%.2f ms with both process lists read), "
                + "thresholds+events %.2f ms, whole ingest %.2f ms, %.0f KiB allocated%n", 100, derive / 1e6 / m,
                deriveAndRead / 1e6 / m, evaluate / 1e6 / m, ingest / 1e6 / m, allocated / 1024.0 / m);
    }
}
