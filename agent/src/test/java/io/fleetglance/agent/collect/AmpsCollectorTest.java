package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Amp;
import io.fleetglance.proto.AmpsReading;
import io.fleetglance.proto.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AmpsCollectorTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final AmpsCollector collector = new AmpsCollector(Fixtures.root(Fixtures.SERVER), clock::get);

    /** The [amp_*] sections of Glances' shipped glances.conf (all disabled there). */
    private static Map<String, Map<String, String>> shippedAmps() {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        sections.put("amp_dropbox", Map.of("enable", "false", "regex", ".*dropbox.*", "refresh", "3",
                "one_line", "false", "command", "dropbox status", "countmin", "1"));
        sections.put("amp_python", Map.of("enable", "false", "regex", ".*python.*", "refresh", "3",
                "countmax", "20"));
        sections.put("amp_conntrack", Map.of("enable", "false", "refresh", "30", "one_line", "false",
                "command", "sysctl net.netfilter.nf_conntrack_count && sysctl net.netfilter.nf_conntrack_max"));
        sections.put("amp_nginx", Map.of("enable", "false", "regex", "\\/usr\\/sbin\\/nginx", "refresh", "60",
                "one_line", "false", "status_url", "http://localhost/nginx_status"));
        sections.put("amp_systemd", Map.of("enable", "false", "regex", "\\/lib\\/systemd\\/systemd",
                "refresh", "30", "one_line", "true", "systemctl_cmd", "/bin/systemctl --plain"));
        sections.put("amp_systemv", Map.of("enable", "false", "regex", "\\/sbin\\/init", "refresh", "30",
                "one_line", "true", "service_cmd", "/usr/bin/service --status-all"));
        return sections;
    }

    private AmpsReading collect() {
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        return sample.getAmps();
    }

    private static Map<String, Map<String, String>> enabled(String name, String regex, String refresh) {
        Map<String, String> section = new LinkedHashMap<>();
        section.put("enable", "true");
        if (regex != null) {
            section.put("regex", regex);
        }
        section.put("refresh", refresh);
        return Map.of("amp_" + name, section);
    }

    @Test
    void listsTheShippedAmpsDisabledAndUncounted() {
        collector.configure(shippedAmps());
        clock.addAndGet(21 * SECOND);

        AmpsReading reading = collect();

        assertEquals(List.of("Dropbox", "Python", "Conntrack", "Nginx", "Systemd", "SystemV"),
                reading.getAmpsList().stream().map(Amp::getName).toList());
        assertEquals(Amp.newBuilder().setName("Dropbox").setEnabled(false).setCount(0).setRefresh(3).setTimer(21)
                .setCountmin(1).setRegex(true).setCountingOnly(false).build(), reading.getAmps(0));
        Amp python = reading.getAmps(1);
        assertEquals(20.0, python.getCountmax());
        assertFalse(python.hasCountmin());
        assertTrue(python.getCountingOnly());
        assertFalse(reading.getAmps(2).getRegex());
        // The AMPs with a module of their own (nginx, systemd, systemv) never count as the default AMP.
        assertFalse(reading.getAmps(3).getCountingOnly());
        assertFalse(reading.getAmps(5).getCountingOnly());
    }

    @Test
    void countsProcessesWhoseNameOrCommandLineMatches() {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        sections.putAll(enabled("postgres", "postgres", "10"));
        sections.putAll(enabled("workers", "worker", "10"));
        sections.putAll(enabled("systemv", "\\/sbin\\/init", "30"));
        sections.putAll(enabled("zombies", "^defunct", "10"));
        collector.configure(sections);

        AmpsReading reading = collect();

        assertEquals(List.of(1500), reading.getAmps(0).getPidsList());
        assertEquals(1, reading.getAmps(0).getCount());
        // "web (worker)" by its name, nginx by "nginx: worker process".
        assertEquals(List.of(812, 2100), reading.getAmps(1).getPidsList());
        assertEquals("Workers", reading.getAmps(1).getName());
        assertEquals(List.of(1), reading.getAmps(2).getPidsList());
        assertEquals("SystemV", reading.getAmps(2).getName());
        // A zombie has no command line: found by name alone.
        assertEquals(List.of(2001), reading.getAmps(3).getPidsList());
    }

    @Test
    void refreshesWhenItsTimerRunsOutAndReportsTheTimeSince() {
        collector.configure(enabled("postgres", "postgres", "5"));

        clock.addAndGet(SECOND);
        Amp first = collect().getAmps(0);
        clock.addAndGet(2 * SECOND);
        Amp waiting = collect().getAmps(0);
        clock.addAndGet(3_500_000_000L);
        Amp again = collect().getAmps(0);

        assertEquals(0.0, first.getTimer());
        assertEquals(2.0, waiting.getTimer());
        assertEquals(0.0, again.getTimer());
    }

    @Test
    void doesNotRefreshWhileNothingMatches() {
        collector.configure(enabled("ghost", "no-such-program", "1"));

        clock.addAndGet(4 * SECOND);
        Amp ghost = collect().getAmps(0);

        assertEquals(0, ghost.getCount());
        assertEquals(4.0, ghost.getTimer());
        assertTrue(ghost.getEnabled());
    }

    @Test
    void refreshesAnAmpWithoutRegexWithoutCounting() {
        collector.configure(enabled("uptime", null, "60"));

        Amp amp = collect().getAmps(0);

        assertEquals(0, amp.getCount());
        assertFalse(amp.getRegex());
        assertEquals(0.0, amp.getTimer());
    }

    @Test
    void turnsOffAnAmpWithoutRefreshAsGlancesDoes() {
        collector.configure(Map.of("amp_postgres", Map.of("enable", "true", "regex", "postgres")));

        Amp amp = collect().getAmps(0);

        assertFalse(amp.getEnabled());
        assertEquals(0, amp.getCount());
        assertEquals(0, amp.getPidsCount());
    }

    @Test
    void reportsAnEmptyListWithoutAmpsOrWhenDisabled() {
        assertEquals(0, collect().getAmpsCount());

        Map<String, Map<String, String>> sections = new LinkedHashMap<>(shippedAmps());
        sections.put("amps", Map.of("disable", "True"));
        collector.configure(sections);

        assertEquals(0, collect().getAmpsCount());
    }

    @Test
    void capitalizesAsPython() {
        assertEquals("Dropbox", AmpsCollector.capitalize("dropbox"));
        assertEquals("Myapp", AmpsCollector.capitalize("MyApp"));
        assertEquals("", AmpsCollector.capitalize(""));
    }
}
