package io.fleetglance.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.agent.collect.Collector;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.FileSystem;
import io.fleetglance.proto.FsReading;
import io.fleetglance.proto.LoadReading;
import io.fleetglance.proto.OsFacts;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SystemReading;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class SamplerTest {

    /** A collector of the given plugins that counts its reads and writes what {@code write} gives the count. */
    private static final class Counting implements Collector {
        final List<String> plugins;
        final boolean ownTimers;
        final BiConsumer<Sample.Builder, Integer> write;
        int reads;

        Counting(List<String> plugins, boolean ownTimers, BiConsumer<Sample.Builder, Integer> write) {
            this.plugins = plugins;
            this.ownTimers = ownTimers;
            this.write = write;
        }

        @Override
        public List<String> plugins() {
            return plugins;
        }

        @Override
        public boolean keepsOwnTimers() {
            return ownTimers;
        }

        @Override
        public void collect(Sample.Builder sample) {
            write.accept(sample, ++reads);
        }
    }

    private static Counting fs() {
        return new Counting(List.of("fs"), false, (s, n) -> s.setFs(FsReading.newBuilder()
                .addFilesystems(FileSystem.newBuilder().setMntPoint("/").setUsed(n))));
    }

    private static Counting load(String... plugins) {
        return new Counting(List.of(plugins), false, (s, n) -> s.setLoad(LoadReading.newBuilder().setMin1(n)));
    }

    /** A sampler of {@code collectors} at 1 s whose monotonic clock reads {@code now[0]}. */
    private static Sampler sampler(long[] now, Collector... collectors) {
        return new Sampler(List.of(collectors), Duration.ofSeconds(1), Clock.systemUTC(), () -> now[0], s -> { });
    }

    /** Takes {@code count} samples one second apart, starting at the clock's time. */
    private static List<Sample> samples(Sampler sampler, long[] now, int count) {
        List<Sample> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            taken.add(sampler.sampleOnce());
            now[0] += TimeUnit.SECONDS.toNanos(1);
        }
        return taken;
    }

    private static Map<String, Map<String, String>> sections(String... nameKeyValue) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (int i = 0; i < nameKeyValue.length; i += 3) {
            sections.computeIfAbsent(nameKeyValue[i], k -> new LinkedHashMap<>())
                    .put(nameKeyValue[i + 1], nameKeyValue[i + 2]);
        }
        return sections;
    }

    @Test
    void aPluginWithARefreshIsReadThatOftenAndEverySampleCarriesItsLastReading() {
        long[] now = {5_000_000_000L};
        Counting fs = fs();
        Counting load = load("load");
        Sampler sampler = sampler(now, fs, load);
        sampler.configure(Set.of(), sections("fs", "refresh", "60"));
        List<Sample> taken = samples(sampler, now, 121);
        assertEquals(3, fs.reads, "read at 0, 60 and 120 s");
        assertEquals(121, load.reads, "a plugin without a refresh is read at every sample");
        for (int i = 0; i < taken.size(); i++) {
            Sample s = taken.get(i);
            assertTrue(s.hasFs(), "sample " + i + " carries fs");
            assertEquals(i / 60 + 1, s.getFs().getFilesystems(0).getUsed(), "sample " + i + " carries the last read");
            assertEquals(i + 1, s.getLoad().getMin1());
        }
        // the very reading, which the stream's deltas skip by identity
        assertSame(taken.get(1).getFs(), taken.get(59).getFs());
    }

    @Test
    void theRefreshRunsOutAtTheSampleNearestToIt() {
        long[] now = {0};
        Counting fs = fs();
        Sampler sampler = sampler(now, fs);
        sampler.configure(Set.of(), sections("fs", "refresh", "10"));
        sampler.sampleOnce();
        // samples a little early: the one 9.6 s after the read is the nearest to 10 s
        now[0] = 9_400_000_000L;
        sampler.sampleOnce();
        assertEquals(1, fs.reads);
        now[0] = 9_600_000_000L;
        sampler.sampleOnce();
        assertEquals(2, fs.reads);
    }

    @Test
    void systemIsReadEveryMinuteWhateverTheFileSays() {
        long[] now = {0};
        Counting system = new Counting(List.of("system"), false,
                (s, n) -> s.setSystem(SystemReading.newBuilder().setOs(OsFacts.newBuilder().setHostname("h" + n))));
        Sampler sampler = sampler(now, system);
        sampler.configure(Set.of(), sections("system", "refresh", "1"));
        samples(sampler, now, 61);
        assertEquals(2, system.reads);
    }

    @Test
    void collectorsWithTheirOwnTimersAndRefreshesNotLongerThanThePeriodAreReadEverySample() {
        long[] now = {0};
        Counting ports = new Counting(List.of("ports"), true, (s, n) -> { });
        Counting fs = fs();
        Sampler sampler = sampler(now, ports, fs);
        sampler.configure(Set.of(), sections("ports", "refresh", "30", "fs", "refresh", "1"));
        samples(sampler, now, 10);
        assertEquals(10, ports.reads);
        assertEquals(10, fs.reads);
    }

    @Test
    void aCollectorOfSeveralPluginsIsReadAsOftenAsItsMostFrequentEnabledPluginAsks() {
        long[] now = {0};
        Counting both = load("load", "core");
        Sampler sampler = sampler(now, both);
        sampler.configure(Set.of(), sections("load", "refresh", "30"));
        samples(sampler, now, 10);
        assertEquals(10, both.reads, "core has no refresh");
        sampler.configure(Set.of("core"), sections("load", "refresh", "30"));
        samples(sampler, now, 10);
        assertEquals(11, both.reads, "core is off: load's 30 s");
        sampler.configure(Set.of("core"), sections("load", "refresh", "20", "core", "refresh", "5"));
        samples(sampler, now, 20);
        assertEquals(12, both.reads, "the refresh of a disabled plugin does not count");
    }

    @Test
    void aNewConfigurationTakesEffectAtTheNextSample() {
        long[] now = {0};
        Counting fs = fs();
        Sampler sampler = sampler(now, fs);
        sampler.configure(Set.of(), sections("fs", "refresh", "60"));
        samples(sampler, now, 5);
        assertEquals(1, fs.reads);
        sampler.configure(Set.of(), sections());
        samples(sampler, now, 5);
        assertEquals(6, fs.reads, "no refresh any more: every sample");
        sampler.configure(Set.of("fs"), sections("fs", "refresh", "60"));
        assertFalse(samples(sampler, now, 1).get(0).hasFs(), "disabled: no reading, none held");
        sampler.configure(Set.of(), sections("fs", "refresh", "60"));
        Sample again = samples(sampler, now, 1).get(0);
        assertEquals(7, fs.reads, "enabled again: read at once, not after the refresh");
        assertEquals(7, again.getFs().getFilesystems(0).getUsed());
    }

    @Test
    void aRefreshThatIsNotAPositiveNumberIsIgnored() {
        assertEquals(Map.of("system", Sampler.SYSTEM_REFRESH_S),
                Sampler.refreshes(sections("fs", "refresh", "soon", "ip", "refresh", "-5", "sensors", "refresh", "0",
                        "wifi", "refresh", "NaN")));
        assertEquals(2.5, Sampler.refreshes(sections("fs", "REFRESH", " 2.5 ")).get("fs"));
    }

    @Test
    void theShippedFileRefreshesFsAndIpEveryMinuteAndSensorsEveryTenSeconds() {
        GlancesConfig shipped = GlancesConfig.shipped();
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (String name : shipped.sectionNames()) {
            sections.put(name, shipped.section(name));
        }
        Map<String, Double> refreshes = Sampler.refreshes(sections);
        assertEquals(60.0, refreshes.get("fs"));
        assertEquals(60.0, refreshes.get("ip"));
        assertEquals(10.0, refreshes.get("sensors"));
        assertEquals(60.0, refreshes.get("system"));
        assertFalse(refreshes.containsKey("cpu"));
    }
}
