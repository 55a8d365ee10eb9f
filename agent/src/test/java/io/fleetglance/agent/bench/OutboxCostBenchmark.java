package io.fleetglance.agent.bench;

import io.fleetglance.agent.EffectiveConfig;
import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.stream.Outbox;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.Sample;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the CPU time one real sample of this machine costs on its way through the outbox, from taken to the bytes
 * handed to the transport and acknowledged: in memory with a decode and re-encode (the outbox before it was spooled),
 * in memory as it is now, and spooled to disk; and the memory each holds (heap and direct buffers, after
 * collections), with every sample acknowledged and with samples waiting as during a hub outage. A benchmark: it
 * asserts nothing about time and is excluded from the normal build; run it with {@code bench/outbox-cost.sh}.
 */
@Tag("benchmark")
class OutboxCostBenchmark {

    private interface Way {
        void pass(Outbox outbox, Sample sample, long cursor) throws Exception;
    }

    @Test
    void oneSampleThroughTheOutbox() throws Exception {
        int rounds = Integer.getInteger("bench.samples", 300);
        CollectorSet collectors = CollectorSet.standard(HostRoot.system());
        Set<String> disabled = EffectiveConfig.localOnly(GlancesConfig.empty()).disabledPlugins();
        List<Collector> enabled = collectors.all().stream().filter(c -> !disabled.containsAll(c.plugins())).toList();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Sample.Builder b = Sample.newBuilder().setSeq(i + 1).setWallTimeUs(System.currentTimeMillis() * 1000);
            for (Collector c : enabled) {
                c.collect(b);
            }
            samples.add(b.build());
        }
        samples = samples.subList(5, 20); // steady state: static process facts went out in the first ones
        int bytes = samples.get(samples.size() - 1).getSerializedSize();
        Way reencoded = (outbox, sample, cursor) -> {
            outbox.add(sample, 1000);
            Outbox.PendingSample p = outbox.nextAfter(cursor, 0);
            // what the outbox and StreamClient did before: parse the encoded sample, then encode it in the message
            AgentMessage.newBuilder().setSample(Sample.parseFrom(p.encoded())).build().toByteArray();
            outbox.ackUpTo(p.seq());
        };
        Way asIs = (outbox, sample, cursor) -> {
            outbox.add(sample, 1000);
            Outbox.PendingSample p = outbox.nextAfter(cursor, 0);
            byte[] framed = new byte[p.encoded().size() + 8];
            p.encoded().copyTo(framed, 8);
            outbox.ackUpTo(p.seq());
        };
        Path dir = Files.createTempDirectory("outbox-cost");
        try {
            for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT up
                boolean print = pass == 1;
                run("memory, decoded and encoded again (before)", new Outbox(900), samples, rounds, reencoded, print);
                run("memory, bytes as encoded", new Outbox(900), samples, rounds, asIs, print);
                try (Outbox durable = Outbox.durable(dir.resolve("p" + pass), 900, 8L << 20)) {
                    run("spooled to disk, bytes as encoded", durable, samples, rounds, asIs, print);
                }
            }
            System.out.printf("BENCH outbox: a steady-state sample of this machine is %d bytes encoded%n", bytes);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(String name, Outbox outbox, List<Sample> samples, int rounds, Way way, boolean print)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long empty = print ? held() : 0;
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            Sample s = samples.get(i % samples.size()).toBuilder().setSeq(i + 1).build();
            way.pass(outbox, s, i);
        }
        long perSample = (threads.getCurrentThreadCpuTime() - cpu0) / rounds;
        if (print) {
            long acked = held() - empty;
            // a hub outage: the samples wait, unacknowledged
            for (int i = 0; i < rounds; i++) {
                outbox.add(samples.get(i % samples.size()).toBuilder().setSeq(rounds + i + 1).build(), 1000);
            }
            long waiting = held() - empty;
            outbox.ackUpTo(2L * rounds);
            System.out.printf("BENCH outbox %s: %.1f us of CPU per sample (%.3f %% of a core at 1 s); memory it holds"
                    + " (heap and direct buffers): %+.0f KiB with every sample acknowledged, %+.0f KiB with %d samples"
                    + " waiting%n", name, perSample / 1000.0, perSample / 1e7, acked / 1024.0, waiting / 1024.0,
                    rounds);
        }
    }

    /** Heap and direct-buffer bytes in use after collections: what an outbox holds is a difference of two. */
    private static long held() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return heap + direct;
    }
}
