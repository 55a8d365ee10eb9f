package io.fleetglance.agent;

import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.GlancesSection;
import io.fleetglance.proto.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a sample every period: asks each enabled collector to fill it, stamps seq and clocks, and hands it on.
 *
 * <p>A plugin whose {@code glances.conf} section sets a {@code refresh} longer than the period is read only that
 * often, as Glances reads it ({@code [fs] refresh=60}, {@code [ip] refresh=60}, {@code [sensors] refresh=10} by
 * default; {@code system} every 60 s whatever the file says): in between, every sample carries the very readings its
 * collector gave last, which the stream sends as unchanged. A collector serving several plugins is read as often as
 * the most frequent of its enabled plugins asks, and every sample for a plugin without a refresh.
 */
public final class Sampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sampler.class);

    /** Glances refreshes its system plugin every 60 s, whatever {@code [system] refresh} says. */
    static final double SYSTEM_REFRESH_S = 60;

    private final List<Collector> collectors;
    /** By collector, what one held back by its plugins' refresh gave last (null: none held); the sampler's own. */
    private final Held[] held;
    /** {@code [plugin] refresh} in seconds, by plugin, for the plugins whose section sets one. */
    private volatile Map<String, Double> refreshes = refreshes(Map.of());
    private final Consumer<Sample> sink;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final ScheduledExecutorService timer;
    private final Set<String> failing = new HashSet<>();
    private volatile Set<String> disabledPlugins = Set.of();
    private volatile long droppedSamples;
    private ScheduledFuture<?> task;
    private Duration period;

    public Sampler(List<Collector> collectors, Duration period, Clock clock, Consumer<Sample> sink) {
        this(collectors, period, clock, System::nanoTime, sink);
    }

    /** A sampler whose monotonic clock is {@code nanoClock} (tests); {@code System.nanoTime} otherwise. */
    Sampler(List<Collector> collectors, Duration period, Clock clock, LongSupplier nanoClock, Consumer<Sample> sink) {
        this.nanoClock = nanoClock;
        this.collectors = List.copyOf(collectors);
        this.held = new Held[this.collectors.size()];
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

    /**
     * Takes the configuration in force from the next sample on: the plugins it disables (a collector runs while any
     * of its plugins is enabled), and the {@code refresh} of each plugin's section.
     */
    public void configure(Set<String> disabled, Map<String, Map<String, String>> sections) {
        disabledPlugins = Set.copyOf(disabled);
        refreshes = refreshes(sections);
    }

    /** The {@code refresh} of every section that sets a positive one, in seconds, and system's 60. */
    static Map<String, Double> refreshes(Map<String, Map<String, String>> sections) {
        Map<String, Double> seconds = new HashMap<>();
        for (String name : sections.keySet()) {
            GlancesSection.of(sections, name).number("refresh").ifPresent(s -> {
                if (s > 0) {
                    seconds.put(name, s);
                }
            });
        }
        seconds.put("system", SYSTEM_REFRESH_S);
        return Map.copyOf(seconds);
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
            long mono = nanoClock.getAsLong();
            Sample.Builder sample = Sample.newBuilder().setWallTimeUs(wallUs).setMonoTimeNs(mono);
            Set<String> disabled = disabledPlugins;
            Map<String, Double> refresh = refreshes;
            long periodNanos = period().toNanos();
            for (int i = 0; i < collectors.size(); i++) {
                Collector collector = collectors.get(i);
                if (disabled.containsAll(collector.plugins())) {
                    held[i] = null;
                    continue;
                }
                long every = heldFor(collector, disabled, refresh);
                if (every <= periodNanos) {
                    held[i] = null;
                    collectInto(collector, sample);
                    continue;
                }
                // read when its refresh has run out, at the sample nearest to it
                Held last = held[i];
                if (last == null || mono - last.takenAt() >= every - periodNanos / 2) {
                    Sample.Builder own = Sample.newBuilder();
                    collectInto(collector, own);
                    last = new Held(own.build(), mono);
                    held[i] = last;
                }
                sample.mergeFrom(last.readings());
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

    /**
     * How long the readings of {@code collector} are held, in nanoseconds: the shortest refresh of its enabled plugins,
     * 0 when one of them has none or the collector keeps its own timers.
     */
    private static long heldFor(Collector collector, Set<String> disabled, Map<String, Double> refresh) {
        if (collector.keepsOwnTimers()) {
            return 0;
        }
        double seconds = Double.MAX_VALUE;
        for (String plugin : collector.plugins()) {
            if (!disabled.contains(plugin)) {
                seconds = Math.min(seconds, refresh.getOrDefault(plugin, 0.0));
            }
        }
        return seconds == Double.MAX_VALUE ? 0 : (long) (seconds * 1e9);
    }

    /** The readings a collector gave, as a sample of their own, and when it gave them (the monotonic clock's). */
    private record Held(Sample readings, long takenAt) {
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
