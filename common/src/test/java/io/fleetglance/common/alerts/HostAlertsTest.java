package io.fleetglance.common.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.derive.DerivedStats;
import io.fleetglance.common.events.Level;
import io.fleetglance.common.plugins.GlancesPlugins;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_795_712_360L;

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Map<String, JsonNode> sample(double total, double user, String processes) {
        Map<String, JsonNode> stats = new LinkedHashMap<>();
        stats.put("processlist", json(processes));
        stats.put("cpu", json("{'total':%s,'user':%s,'system':1.0,'iowait':0.0,'cpucore':2,'time_since_update':2.0}"
                .formatted(total, user)));
        stats.put("core", json("{'phys':2,'log':2}"));
        return stats;
    }

    private static final String BURST = "[{'key':'pid','pid':10,'name':'yes','cpu_percent':99.0,'memory_percent':0.1},"
            + "{'key':'pid','pid':11,'name':'python3','cpu_percent':60.0,'memory_percent':3.0},"
            + "{'key':'pid','pid':12,'name':'sshd','cpu_percent':1.0,'memory_percent':0.2}]";

    @Test
    void hostsOfOneCpuCountShareTheirLimitsAndOtherCountsGetTheirOwn() {
        GlancesConfig config = GlancesConfig.shipped();
        HostAlerts a = new HostAlerts(config, GlancesPlugins.catalogue(), 2);
        HostAlerts b = new HostAlerts(config, GlancesPlugins.catalogue(), 1);
        b.update(sample(10.0, 5.0, "[]"), Instant.ofEpochSecond(T0)); // its sample says 2 CPUs
        assertSame(a.limits("cpu"), b.limits("cpu"));
        assertSame(a.effectiveConfig(), b.effectiveConfig());
        // the iowait limits are 100 / CPUs, per count, past the number of counts that are shared too
        for (int cpus = 1; cpus <= 100; cpus++) {
            HostAlerts host = new HostAlerts(config, GlancesPlugins.catalogue(), cpus);
            assertEquals(Optional.of((1.0 / cpus) * 100.0), host.limits("cpu").threshold("critical", "cpu_iowait"), cpus + "");
        }
        HostAlerts other = new HostAlerts(GlancesConfig.parse("g", List.of("[cpu]", "iowait_critical=7")).validate(),
                GlancesPlugins.catalogue(), 2);
        assertEquals(Optional.of(7.0), other.limits("cpu").threshold("critical", "cpu_iowait"), "another file");
        assertEquals(Optional.of(50.0), a.limits("cpu").threshold("critical", "cpu_iowait"));
    }

    @Test
    void viewsKeptFromUpdateToUpdateAreTheViewsBuiltAfresh() {
        // a host's views maps are filled again at each update, not rebuilt: decorations that change, fields and file
        // systems that come and go must give the views a host seeing only that sample would build
        double[] totals = {80.0, 99.8, 20.0, 20.0, 95.0, 10.0};
        HostAlerts kept = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
        for (int i = 0; i < totals.length; i++) {
            Map<String, JsonNode> stats = sample(totals[i], totals[i] - 5, "[]");
            if (i == 3) {
                ((ObjectNode) stats.get("cpu")).remove("iowait");
            }
            stats.put("fs", json(("[{'device_name':'/dev/sda1','fs_type':'ext4','mnt_point':'/','size':100,"
                    + "'used':%d,'free':%d,'percent':%d.0,'key':'mnt_point'}%s]").formatted(
                            i * 19 % 100, 100 - i * 19 % 100, i * 19 % 100, i % 2 == 0 ? ""
                            : ",{'device_name':'/dev/sdb1','fs_type':'xfs','mnt_point':'/data','size':10,'used':9,"
                            + "'free':1,'percent':" + (i == 1 ? 95 : 20) + ".0,'key':'mnt_point'}")));
            Instant now = Instant.ofEpochSecond(T0 + 2L * i);
            kept.update(stats, now);
            HostAlerts fresh = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
            fresh.update(stats, now);
            assertEquals(fresh.allViews(), kept.allViews(), "update " + i);
        }
        assertEquals("OK", kept.views("cpu").path("total").path("decoration").asText().replace("_LOG", ""));
    }

    @Test
    void anUpdateLeavesStatsBuiltOnReadUnbuiltUntilTheirViewsAreRead() {
        int[] builds = {0};
        DerivedStats stats = new DerivedStats.Builder()
                .put("cpu", json("{'total':10.0,'user':5.0,'system':1.0,'cpucore':2}"))
                .putOnRead("processlist", () -> {
                    builds[0]++;
                    return json(BURST);
                })
                .build();
        HostAlerts host = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
        host.update(stats, Instant.ofEpochSecond(T0));
        assertEquals(0, builds[0], "the process list is not built for its views");
        assertTrue(stats.builtOnRead("processlist"));
        assertEquals(3, host.views("processlist").size(), "built once its views are read");
        assertEquals(1, builds[0]);
    }

    @Test
    void cpuBurstOpensEscalatesAndClosesOneEvent() {
        HostAlerts host = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
        host.update(sample(80.0, 75.0, BURST), Instant.ofEpochSecond(T0));
        assertEquals("cpu_percent", host.processSortKey());
        host.update(sample(99.8, 95.0, BURST), Instant.ofEpochSecond(T0 + 2));
        host.update(sample(100.0, 96.0, BURST), Instant.ofEpochSecond(T0 + 4));
        JsonNode ongoing = host.events().get(0);
        assertEquals("CPU_TOTAL", ongoing.get("type").asText());
        assertEquals("CRITICAL", ongoing.get("state").asText());
        assertEquals(-1, ongoing.get("end").asInt());
        assertEquals(3, ongoing.get("count").asInt());
        assertEquals(json("['yes','python3','sshd']"), ongoing.get("top"));
        assertEquals("High CPU user mode", ongoing.get("global_msg").asText());

        host.update(sample(20.0, 15.0, BURST), Instant.ofEpochSecond(T0 + 26));
        JsonNode closed = host.events().get(0);
        assertEquals((double) (T0 + 26), closed.get("end").asDouble());
        assertEquals(80.0, closed.get("min").asDouble());
        assertEquals(100.0, closed.get("max").asDouble());
        assertEquals(1, host.events().size());

        host.clearEvents(false);
        assertEquals(1, host.events().size(), "clear warning keeps the CRITICAL event");
        host.clearEvents(true);
        assertEquals(0, host.events().size());
    }

    @Test
    void memoryEventSortsProcessesByMemoryUntilItCloses() {
        HostAlerts host = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
        Map<String, JsonNode> stats = new LinkedHashMap<>();
        stats.put("mem", json("{'total':1000,'used':950,'percent':95.0}"));
        host.update(stats, Instant.ofEpochSecond(T0));
        assertEquals("memory_percent", host.processSortKey());
        stats.put("mem", json("{'total':1000,'used':100,'percent':10.0}"));
        host.update(stats, Instant.ofEpochSecond(T0 + 10));
        assertEquals("cpu_percent", host.processSortKey());
        host.setProcessSortKey("name");
        stats.put("mem", json("{'total':1000,'used':950,'percent':95.0}"));
        host.update(stats, Instant.ofEpochSecond(T0 + 30));
        assertEquals("name", host.processSortKey(), "a chosen key is not overridden");
    }

    @Test
    void cpuCountFromTheSampleDrivesTheComputedLimits() {
        HostAlerts host = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 1);
        assertEquals(100.0, host.limits("cpu").threshold("critical", "cpu_iowait").orElseThrow(), "1 CPU until told");
        host.update(Map.of("core", json("{'phys':4,'log':8}")), Instant.ofEpochSecond(T0));
        assertEquals(12.5, host.limits("cpu").threshold("critical", "cpu_iowait").orElseThrow());
        assertEquals("10.0", host.effectiveConfig().get("cpu", "iowait_careful").orElseThrow());
        assertEquals(json("{'history_size':1200.0,'mem_disable':['False'],'mem_careful':50.0,'mem_warning':70.0,"
                + "'mem_critical':90.0}"), host.allLimits(List.of("mem")).get("mem"));
    }

    @Test
    void eventSettingsComeFromTheAlertSection() {
        HostAlerts host = new HostAlerts(GlancesConfig.parse("g", List.of("[alert]", "min_duration=0",
                "[mem]", "careful=50", "warning=70", "critical=90")).validate(), GlancesPlugins.catalogue(), 1);
        Map<String, JsonNode> stats = new LinkedHashMap<>();
        stats.put("mem", json("{'total':1000,'used':950}"));
        host.update(stats, Instant.ofEpochSecond(T0));
        stats.put("mem", json("{'total':1000,'used':10}"));
        host.update(stats, Instant.ofEpochSecond(T0 + 1));
        assertEquals(1, host.events().size(), "min_duration=0 keeps even a one-second event");
    }

    @Test
    void viewsAreSnapshotsOfTheLastUpdate() {
        HostAlerts host = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
        assertEquals(json("{}"), host.views("cpu"));
        host.update(sample(10.0, 5.0, "[]"), Instant.ofEpochSecond(T0));
        JsonNode first = host.views("cpu");
        ((ObjectNode) first).removeAll();
        assertFalse(host.views("cpu").isEmpty(), "callers cannot change the stored views");
        host.update(Map.of("mem", json("{'total':10,'used':1}")), Instant.ofEpochSecond(T0 + 2));
        assertEquals(json("{}"), host.views("cpu"), "a plugin absent from the last sample has no views");
        assertEquals(List.of("mem"), iterator(host.allViews()));
    }

    @Test
    void processViewsBuiltOnReadAreThoseOfTheLastUpdate() {
        HostAlerts host = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
        host.update(sample(10.0, 5.0, BURST), Instant.ofEpochSecond(T0));
        // a second sample before anyone read the first one's process views: the first one's are never built
        host.update(sample(12.0, 6.0, "[{'key':'pid','pid':42,'name':'java','cpu_percent':5.0}]"),
                Instant.ofEpochSecond(T0 + 2));

        assertEquals(List.of("42"), iterator(host.views("processlist")));
        assertEquals(json("{'decoration':'DEFAULT','optional':false,'additional':false,'splittable':false,"
                + "'hidden':false}"), host.views("processlist").path("42").path("cpu_percent"));
        assertEquals(List.of("processlist", "cpu", "core"), iterator(host.allViews()), "in catalogue order");
        assertEquals(host.allViews().get("processlist"), host.readAllViews(all -> all.get("processlist")));
    }

    private static List<String> iterator(JsonNode node) {
        ArrayList<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void observedHostDownOpensAndClosesLikeAnyEvent() {
        HostAlerts host = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
        host.observe(Level.CRITICAL, "HOST_DOWN", 6.0, Instant.ofEpochSecond(T0));
        JsonNode down = host.events().get(0);
        assertEquals("HOST_DOWN", down.get("type").asText());
        assertEquals("CRITICAL", down.get("state").asText());
        assertEquals(-1, down.get("end").asInt());
        host.observe(Level.OK, "HOST_DOWN", 0.0, Instant.ofEpochSecond(T0 + 30));
        assertEquals((double) (T0 + 30), host.events().get(0).get("end").asDouble());
        host.observe(Level.CRITICAL, "HOST_DOWN", 3.0, Instant.ofEpochSecond(T0 + 100));
        host.observe(Level.OK, "HOST_DOWN", 0.0, Instant.ofEpochSecond(T0 + 102));
        assertEquals(1, host.events().size(), "an outage shorter than min_duration leaves no event");
    }
}
