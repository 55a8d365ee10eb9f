package io.fleetglance.hub.bench;

import com.sun.management.ThreadMXBean;
import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.HostRegistry;
import io.fleetglance.hub.fleet.TestHosts;
import io.fleetglance.hub.metrics.FleetMetrics;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.Sample;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what {@code /metrics} costs with 1,000 hosts fed this machine's real samples: exposition size (plain and
 * gzip), time and CPU per scrape when every host has a new sample since the last scrape (the usual case: agents
 * sample every 2 s, Prometheus scrapes every 15 s) and when none has. {@code bench/metrics.sh}; not part of verify.
 */
@Tag("benchmark")
class MetricsBenchmark {

    private static final int HOSTS = 1000;

    @Test
    void costOfAFleetScrape() throws Exception {
        Sample.Builder b = Sample.newBuilder();
        for (Collector c : CollectorSet.standard(HostRoot.system()).all()) {
            c.collect(b);
        }
        Sample template = b.build();
        HostRegistry registry = new HostRegistry(GlancesPlugins.catalogue(), GlancesConfig.shipped(), 60,
                Clock.systemUTC());
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            String name = String.format("host-%04d", i);
            hosts.add(registry.attach(Hello.newBuilder().setHostName(name).setAgentId(name + "-id").build(),
                    TestHosts.liveLink()));
        }
        int seq = 0;
        for (; seq < 2; seq++) {
            feed(registry, hosts, template, seq);
        }
        FleetMetrics metrics = FleetMetrics.of(registry, GlancesConfig.shipped());
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();

        for (int warm = 0; warm < 3; warm++) { // JIT warm-up, each after fresh samples
            feed(registry, hosts, template, seq++);
            metrics.fleet(null);
        }
        int rounds = 5;
        long wall = 0;
        long cpu = 0;
        long alloc = 0;
        byte[] body = null;
        for (int r = 0; r < rounds; r++) {
            feed(registry, hosts, template, seq++);
            long c0 = threads.getCurrentThreadCpuTime();
            long a0 = threads.getThreadAllocatedBytes(me);
            long t0 = System.nanoTime();
            body = metrics.fleet(null).body();
            wall += System.nanoTime() - t0;
            cpu += threads.getCurrentThreadCpuTime() - c0;
            alloc += threads.getThreadAllocatedBytes(me) - a0;
        }
        long cachedWall = 0;
        long cachedCpu = 0;
        long cachedAlloc = 0;
        for (int r = 0; r < rounds; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long a0 = threads.getThreadAllocatedBytes(me);
            long t0 = System.nanoTime();
            metrics.fleet(null);
            cachedWall += System.nanoTime() - t0;
            cachedCpu += threads.getCurrentThreadCpuTime() - c0;
            cachedAlloc += threads.getThreadAllocatedBytes(me) - a0;
        }
        long g0 = threads.getCurrentThreadCpuTime();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(body);
        }
        long gzipCpu = threads.getCurrentThreadCpuTime() - g0;
        long series = new String(body, StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("#")).count();
        long openMetrics = metrics.fleet("application/openmetrics-text;version=1.0.0").body().length;

        System.out.printf("BENCH metrics hosts=%d series=%d series_per_host=%d%n", HOSTS, series, series / HOSTS);
        System.out.printf("BENCH metrics size_text=%.1f MiB size_openmetrics=%.1f MiB size_gzip=%.2f MiB "
                + "(gzip %.0f ms CPU, as the hub's GzipFilter)%n", body.length / 1048576.0, openMetrics / 1048576.0,
                gz.size() / 1048576.0, gzipCpu / 1e6);
        System.out.printf("BENCH metrics scrape_after_new_samples wall=%.0f ms cpu=%.0f ms alloc=%.0f MiB%n",
                wall / 1e6 / rounds, cpu / 1e6 / rounds, alloc / 1048576.0 / rounds);
        System.out.printf("BENCH metrics scrape_no_new_sample wall=%.0f ms cpu=%.0f ms alloc=%.0f MiB%n",
                cachedWall / 1e6 / rounds, cachedCpu / 1e6 / rounds, cachedAlloc / 1048576.0 / rounds);
    }

    /** One new sample for every host, 2 s after the previous one. */
    private static void feed(HostRegistry registry, List<Host> hosts, Sample template, int seq) {
        Sample s = template.toBuilder().setSeq(seq + 1).setWallTimeUs(1_795_000_000_000_000L + seq * 2_000_000L)
                .setMonoTimeNs(seq * 2_000_000_000L).build();
        for (Host h : hosts) {
            registry.ingest(h, s);
        }
    }
}
