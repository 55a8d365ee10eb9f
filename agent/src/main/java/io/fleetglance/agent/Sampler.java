package io.fleetglance.agent;

import io.fleetglance.agent.collect.Collector;
import io.fleetglance.proto.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes a sample every period: asks each enabled collector to fill it, stamps seq and clocks, and hands it on. */
public final class Sampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sampler.class);

    private final List<Collector> collectors;
    private final Consumer<Sample> sink;
    private final Clock clock;
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final ScheduledExecutorService timer;
    private final Set<String> failing = new HashSet<>();
    private volatile Set<String> disabledPlugins = Set.of();
    private volatile long droppedSamples;
    private ScheduledFuture<?> task;
    private Duration period;

    public Sampler(List<Collector> collectors, Duration period, Clock clock, Consumer<Sample> sink) {
        this.collectors = List.copyOf(collectors);
        this.period = checkPeriod(period);
        this.clock = clock;
        this.sink = sink;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleetglance-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    private static Duration checkPeriod(Duration period) {
        if (period.compareTo(Duration.ofMillis(100)) < 0 || period.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("sample period must be between 0.1 s and 1 h, got "
                    + period.toMillis() / 1000.0 + " s");
        }
        return period;
    }

    public synchronized void start() {
        schedule();
    }

    private void schedule() {
        if (task != null) {
            task.cancel(false);
        }
        task = timer.scheduleAtFixedRate(this::sampleOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized Duration period() {
        return period;
    }

    /** Changes the period from the next sample on. */
    public synchronized void setPeriod(Duration newPeriod) {
        Duration checked = checkPeriod(newPeriod);
        if (!checked.equals(period)) {
            period = checked;
            if (task != null) {
                task.cancel(false);
                task = timer.scheduleAtFixedRate(this::sampleOnce, period.toMillis(), period.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            log.info("sample period is now {} s", period.toMillis() / 1000.0);
        }
    }

    /** Plugins whose collectors are skipped (a collector runs while any of its plugins is enabled). */
    public void setDisabledPlugins(Set<String> plugins) {
        disabledPlugins = Set.copyOf(plugins);
    }

    /** Reports the outbox's drop count in every following sample. */
    public void setDroppedSamples(long dropped) {
        droppedSamples = dropped;
    }

    /** Makes the next sample carry {@code seq}: an agent resuming after a restart goes on with its seqs. */
    public void continueAt(long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("a seq starts at 1, got " + seq);
        }
        nextSeq.set(seq);
    }

    /** The seq the next sample will carry. */
    public long nextSeq() {
        return nextSeq.get();
    }

    /** Takes one sample now; used by the timer and by tests. */
    public Sample sampleOnce() {
        try {
            long wallUs = toMicros(clock.instant());
            long mono = System.nanoTime();
            Sample.Builder sample = Sample.newBuilder().setWallTimeUs(wallUs).setMonoTimeNs(mono);
            Set<String> disabled = disabledPlugins;
            for (Collector collector : collectors) {
                if (disabled.containsAll(collector.plugins())) {
                    continue;
                }
                collectInto(collector, sample);
            }
            sample.setSeq(nextSeq.getAndIncrement()).setDroppedSamples(droppedSamples);
            Sample built = sample.build();
            sink.accept(built);
            return built;
        } catch (RuntimeException e) {
            // The timer must survive anything: a dead sampler would silently stop the host.
            log.error("sampling failed", e);
            return null;
        }
    }

    private void collectInto(Collector collector, Sample.Builder sample) {
        String name = collector.getClass().getSimpleName();
        try {
            collector.collect(sample);
            if (failing.remove(name)) {
                log.info("{} reads again", name);
            }
        } catch (Exception e) {
            if (failing.add(name)) {
                log.warn("{} cannot read: {}", name, e.toString());
            }
        }
    }

    private static long toMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
