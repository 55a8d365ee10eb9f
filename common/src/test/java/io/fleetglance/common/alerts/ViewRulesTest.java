package io.fleetglance.common.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoration tables per plugin, from hand-built stats, under the shipped configuration on a 2-CPU host. */
class ViewRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static HostAlerts shipped() {
        return new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
    }

    private static HostAlerts configured(String... lines) {
        return new HostAlerts(GlancesConfig.parse("test.conf", List.of(lines)).validate(), GlancesPlugins.catalogue(), 2);
    }

    private static JsonNode views(HostAlerts host, String plugin, String stats) {
        host.update(Map.of(plugin, json(stats)), NOW);
        return host.views(plugin);
    }

    private static String deco(JsonNode views, String... path) {
        JsonNode node = views;
        for (String step : path) {
            node = node.path(step);
        }
        return node.path("decoration").asText("(no view)");
    }

    private static List<String> types(HostAlerts host) {
        List<String> out = new ArrayList<>();
        host.events().forEach(e -> out.add(e.get("type").asText() + ":" + e.get("state").asText()));
        return out;
    }

    @Test
    void cpuFieldsAgainstTheirLimitsAndLogFlags() {
        HostAlerts host = shipped();
        JsonNode v = views(host, "cpu", "{'total':80.0,'user':75.0,'nice':0.0,'system':10.0,'idle':20.0,"
                + "'iowait':46.0,'irq':0.0,'steal':60.0,'guest':0.0,'ctx_switches':1000,'cpucore':2,"
                + "'time_since_update':2.0}");
        assertEquals("WARNING_LOG", deco(v, "total"));
        assertEquals("WARNING", deco(v, "user"), "user_log=False in the shipped file");
        assertEquals("OK", deco(v, "system"));
        assertEquals("WARNING_LOG", deco(v, "iowait"), "45% is 1/2 CPU minus 10%");
        assertEquals("CAREFUL", deco(v, "steal"));
        assertEquals("DEFAULT", deco(v, "idle"));
        assertTrue(v.get("steal").get("optional").asBoolean());
        assertEquals(List.of("CPU_TOTAL:WARNING", "CPU_IOWAIT:WARNING"), types(host), "newest first");
        assertEquals("High CPU user mode", host.events().get(0).get("global_msg").asText(),
                "user was evaluated before total, in the same update");
    }

    @Test
    void contextSwitchesNeedAnIntervalAndArePerCore() {
        HostAlerts host = shipped();
        String stats = "{'ctx_switches':170000,'cpucore':2,'time_since_update':%s}";
        assertEquals("DEFAULT", deco(views(host, "cpu", stats.formatted("0")), "ctx_switches"));
        // 170000 / 2 cores = 85000, above 80000 (50000 per CPU minus 20%)
        assertEquals("CAREFUL", deco(views(host, "cpu", stats.formatted("2.0")), "ctx_switches"));
    }

    @Test
    void loadIsJudgedPerCoreAndOnlyMin15IsLogged() {
        HostAlerts host = shipped();
        JsonNode v = views(host, "load", "{'min1':9.0,'min5':2.2,'min15':1.6,'cpucore':2}");
        assertEquals("DEFAULT", deco(v, "min1"));
        assertEquals("CAREFUL_LOG", deco(v, "min15"), "0.8 per core");
        assertEquals("WARNING", deco(v, "min5"), "1.1 per core");
        assertEquals(List.of(), types(host), "CAREFUL opens no event");
        views(host, "load", "{'min1':9.0,'min5':2.2,'min15':12.0,'cpucore':2}");
        assertEquals(List.of("LOAD:CRITICAL"), types(host));
        assertEquals("System overloaded in the last 5 minutes", host.globalMessage());
    }

    @Test
    void memoryPercentIsUsedOverTotalAndNoSwapIsDefault() {
        HostAlerts host = shipped();
        assertEquals("WARNING_LOG", deco(views(host, "mem",
                "{'total':10000,'available':2500,'percent':1.0,'used':7500,'free':2000}"), "percent"));
        assertEquals("DEFAULT", deco(views(host, "memswap",
                "{'total':0,'used':0,'free':0,'percent':0.0,'sin':0,'sout':0}"), "percent"));
        assertEquals(List.of("MEM:WARNING"), types(host));
        assertEquals("memory_percent", host.processSortKey());
    }

    @Test
    void quicklookDecoratesItsListAndServesIt() {
        JsonNode v = views(shipped(), "quicklook", "{'cpu':55.0,'mem':75.0,'swap':95.0,'load':120.0,'gpu_mem':0}");
        assertEquals("CAREFUL", deco(v, "cpu"));
        assertEquals("WARNING", deco(v, "mem"));
        assertEquals("DEFAULT", deco(v, "swap"), "not in the list");
        assertEquals("WARNING", deco(v, "load"), "load is 100..500 warning");
        assertEquals(json("['cpu','mem','load']"), v.get("list"));

        JsonNode swap = views(configured("[quicklook]", "list=cpu,swap", "load_careful=70"), "quicklook", "{'cpu':1.0,'swap':95.0,'load':1}");
        assertEquals("CRITICAL", deco(swap, "swap"));
        assertEquals("OK", deco(swap, "load"), "load is decorated whether listed or not");
        assertEquals(json("['cpu','swap']"), swap.get("list"));
        JsonNode unknown = views(configured("[quicklook]", "list=cpu,disk"), "quicklook", "{'cpu':1.0}");
        assertEquals(json("['cpu','mem','swap','load','gpu_mem','gpu_proc']"), unknown.get("list"));
    }

    @Test
    void networkBitRateAgainstInterfaceLimitsElseSpeed() {
        HostAlerts host = configured("[network]", "rx_careful=70", "rx_warning=80", "rx_critical=90",
                "tx_careful=70", "tx_warning=80", "tx_critical=90", "wlan0_rx_careful=4000000",
                "wlan0_rx_warning=5000000", "wlan0_rx_critical=6000000");
        String item = "{'interface_name':'%s','key':'interface_name','bytes_recv':1,'bytes_sent':1,'speed':%d,"
                + "'time_since_update':2.0,'bytes_recv_rate_per_sec':%s,'bytes_sent_rate_per_sec':%s}";
        JsonNode v = views(host, "network", "[" + String.join(",",
                item.formatted("wlan0", 0, "650000.0", "10.0"),
                item.formatted("eth0", 10485760, "1200000.0", "100000.0"),
                item.formatted("eth1", 0, "1200000.0", "0.0"),
                item.formatted("wlan0:1", 0, "100.0", "0.0")) + "]");
        assertEquals("WARNING", deco(v, "wlan0", "bytes_recv"), "5.2 Mbps >= 5000000 bps");
        assertEquals("WARNING", deco(v, "wlan0", "bytes_recv_rate_per_sec"));
        assertEquals("DEFAULT", deco(v, "wlan0", "bytes_sent"), "no wlan0_tx limits and no speed");
        assertEquals("DEFAULT", deco(v, "wlan0", "bytes_sent_rate_per_sec"), "the sent rate gets the tx alert");
        // 9.6 Mbps of a 10 Mbps (10 * 1048576 bps) interface
        assertEquals("CRITICAL", deco(v, "eth0", "bytes_recv"));
        assertEquals("OK", deco(v, "eth0", "bytes_sent"));
        assertEquals("OK", deco(v, "eth0", "bytes_sent_rate_per_sec"));
        assertEquals("DEFAULT", deco(v, "eth1", "bytes_recv"), "speed unknown (0)");
        assertEquals("OK", deco(v, "wlan0:1", "bytes_recv"), "an alias interface uses its device's limits");
        assertEquals("DEFAULT", deco(views(host, "network",
                "[{'interface_name':'eth0','key':'interface_name','bytes_recv':5,'speed':10485760}]"),
                "eth0", "bytes_recv"), "first sample: no rates, not evaluated");
    }

    @Test
    void diskioBytesPerDiskAndLatencyPerDiskElseDefaultLimits() {
        HostAlerts host = configured("[diskio]", "rx_latency_careful=10", "rx_latency_warning=20",
                "rx_latency_critical=50", "tx_latency_careful=10", "tx_latency_warning=20", "tx_latency_critical=50",
                "sdb_rx_latency_careful=100", "sdb_rx_latency_warning=200", "sdb_rx_latency_critical=500",
                "sda_rx_careful=1000");
        String item = "{'disk_name':'%s','key':'disk_name','read_bytes':%d,'write_bytes':0,'time_since_update':2.0,"
                + "'read_bytes_rate_per_sec':0,'write_bytes_rate_per_sec':0,'read_latency':%d,'write_latency':25}";
        JsonNode v = views(host, "diskio", "[" + item.formatted("sda", 1500, 30) + ","
                + item.formatted("sdb", 0, 30) + "]");
        assertEquals("CAREFUL", deco(v, "sda", "read_bytes"), "sda_rx_careful applies to the byte count");
        assertEquals("CAREFUL", deco(v, "sda", "read_bytes_rate_per_sec"));
        assertEquals("DEFAULT", deco(v, "sdb", "read_bytes"));
        assertEquals("WARNING", deco(v, "sda", "read_latency"));
        assertEquals("OK", deco(v, "sdb", "read_latency"), "sdb's own latency limits");
        assertEquals("WARNING", deco(v, "sdb", "write_latency"));
    }

    @Test
    void filesystemUsedSpacePerMountPointSkippingReadOnly() {
        HostAlerts host = configured("[fs]", "careful=50", "warning=70", "critical=90", "/data_critical=60");
        String item = "{'mnt_point':'%s','key':'mnt_point','options':'%s','size':1000,'used':600,'free':350,'percent':63.2}";
        JsonNode v = views(host, "fs", "[" + item.formatted("/", "rw,relatime") + ","
                + item.formatted("/data", "rw") + "," + item.formatted("/snap", "ro,nodev") + "]");
        assertEquals("CAREFUL", deco(v, "/", "used"), "size - free = 65%");
        assertEquals("CRITICAL", deco(v, "/data", "used"));
        assertEquals("DEFAULT", deco(v, "/snap", "used"));
        assertEquals("DEFAULT", deco(v, "/", "percent"));
    }

    @Test
    void sensorsByTypeWithSystemAndInvertedBatteryThresholds() {
        HostAlerts host = configured("[sensors]", "temperature_core_core 1_careful=30",
                "temperature_core_core 1_warning=40", "temperature_core_core 1_critical=50");
        String item = "{'label':'%s','key':'label','type':'%s','unit':'C','value':%s,'warning':%s,'critical':%s}";
        JsonNode v = views(host, "sensors", "[" + String.join(",",
                item.formatted("Core 0", "temperature_core", "85", "80", "100"),
                item.formatted("Core 1", "temperature_core", "45", "80", "100"),
                item.formatted("Core 2", "temperature_core", "45", "null", "null"),
                item.formatted("Core 3", "temperature_core", "0", "80", "100"),
                item.formatted("BAT0", "battery", "25", "null", "null"),
                item.formatted("sda", "temperature_hdd", "53", "null", "null"),
                item.formatted("fan1", "fan_speed", "2000", "null", "null")) + "]");
        assertEquals("WARNING", deco(v, "Core 0", "value"), "no configured limit: the sensor's own high point");
        assertEquals("WARNING", deco(v, "Core 1", "value"), "its own limits in the configuration");
        assertEquals("DEFAULT", deco(v, "Core 2", "value"), "no limit anywhere");
        assertEquals("DEFAULT", deco(v, "Core 3", "value"), "a zero reading is not evaluated");
        assertEquals("CAREFUL", deco(v, "BAT0", "value"), "25% left is 75% missing: battery 70/80/90");
        assertEquals("WARNING", deco(v, "sda", "value"), "temperature_hdd 45/52/60");
        assertEquals("DEFAULT", deco(v, "fan1", "value"));

        JsonNode typed = views(shipped(), "sensors", "[" + item.formatted("Core 0", "temperature_core", "70", "95",
                "100") + "]");
        assertEquals("WARNING", deco(typed, "Core 0", "value"), "shipped temperature_core 45/65/80");
    }

    @Test
    void wifiSignalIsWorseWhenLower() {
        String item = "{'ssid':'%s','key':'ssid','quality_link':50.0,'quality_level':%s}";
        JsonNode v = views(shipped(), "wifi", "[" + item.formatted("a", "-50.0") + "," + item.formatted("b", "-70.0")
                + "," + item.formatted("c", "-80.0") + "," + item.formatted("d", "-90.0") + "]");
        assertEquals(List.of("OK", "CAREFUL", "WARNING", "CRITICAL"),
                List.of(deco(v, "a", "quality_level"), deco(v, "b", "quality_level"), deco(v, "c", "quality_level"),
                        deco(v, "d", "quality_level")));
        JsonNode partial = views(configured("[wifi]", "careful=-65", "warning=-75"), "wifi",
                "[" + item.formatted("a", "-50.0") + "]");
        assertEquals("DEFAULT", deco(partial, "a", "quality_level"), "without a critical limit Glances gives up");
    }

    @Test
    void gpuViewsHoldProcessorMemoryAndTemperature() {
        JsonNode v = views(shipped(), "gpu", "[{'key':'gpu_id','gpu_id':'nvidia0','name':'GTX','mem':75.0,"
                + "'proc':95,'temperature':65,'fan_speed':30}]");
        assertEquals(List.of("proc", "mem", "temperature"), names(v.get("nvidia0")));
        assertEquals("CRITICAL", deco(v, "nvidia0", "proc"));
        assertEquals("WARNING", deco(v, "nvidia0", "mem"));
        assertEquals("CAREFUL", deco(v, "nvidia0", "temperature"));
        assertEquals("DEFAULT", deco(views(shipped(), "gpu", "[{'key':'gpu_id','gpu_id':'amd0','proc':null}]"),
                "amd0", "proc"));
    }

    @Test
    void containersCpuAndMemoryPerContainerElseDefaults() {
        HostAlerts host = configured("[containers]", "cpu_careful=50", "cpu_warning=70", "cpu_critical=90",
                "mem_careful=20", "mem_warning=50", "mem_critical=70", "db_cpu_careful=10", "db_cpu_warning=20",
                "db_cpu_critical=30");
        String item = "{'key':'name','name':'%s','engine':'%s','pod_name':%s,'cpu':{'total':%s},"
                + "'memory':{'usage':%d,'inactive_file':%d,'limit':1000}}";
        JsonNode v = views(host, "containers", "[" + item.formatted("db", "docker", "null", "25.0", 600, 100) + ","
                + item.formatted("web", "docker", "null", "25.0", 100, 0) + "]");
        assertEquals("WARNING", deco(v, "db", "cpu"), "db's own cpu limits");
        assertEquals("WARNING", deco(v, "db", "mem"), "500 of 1000 once the file cache is removed");
        assertEquals("OK", deco(v, "web", "cpu"));
        assertEquals("OK", deco(v, "web", "mem"));
        assertEquals(List.of("cpu", "mem"), names(v.get("web")));
        assertFalse(v.get("show_pod_name").asBoolean());
        assertFalse(v.get("show_engine_name").asBoolean());
        JsonNode mixed = views(host, "containers", "[" + item.formatted("a", "docker", "'pod1'", "1.0", 1, 0) + ","
                + item.formatted("b", "podman", "null", "1.0", 1, 0) + "]");
        assertTrue(mixed.get("show_pod_name").asBoolean());
        assertTrue(mixed.get("show_engine_name").asBoolean());
        assertEquals(json("{}"), views(host, "containers", "{}"), "no engine library: {} stats, {} views");
    }

    @Test
    void vmsOnlySayWhetherEnginesDiffer() {
        JsonNode v = views(shipped(), "vms", "[{'key':'name','name':'a','engine':'multipass'},"
                + "{'key':'name','name':'b','engine':'virsh'}]");
        assertTrue(v.get("show_engine_name").asBoolean());
        assertEquals("DEFAULT", deco(v, "a", "engine"));
    }

    @Test
    void connectionsConntrackFill() {
        JsonNode v = views(shipped(), "connections", "{'nf_conntrack_enabled':true,'nf_conntrack_count':55000,"
                + "'nf_conntrack_max':65536,'nf_conntrack_percent':83.9}");
        assertEquals("WARNING", deco(v, "nf_conntrack_percent"));
    }

    @Test
    void processesPerCpuFoldersAndPortsStayDefaultAsInGlancesApi() {
        HostAlerts host = shipped();
        assertEquals("DEFAULT", deco(views(host, "processlist", "[{'key':'pid','pid':1,'name':'init',"
                + "'cpu_percent':99.0,'memory_percent':95.0,'nice':-20,'status':'Z'}]"), "1", "cpu_percent"));
        assertEquals("DEFAULT", deco(views(host, "percpu", "[{'key':'cpu_number','cpu_number':0,'user':99.0}]"),
                "0", "user"));
        assertEquals("DEFAULT", deco(views(host, "folders", "[{'key':'path','path':'/tmp','size':9000000000,"
                + "'errno':0,'careful':1,'warning':2,'critical':3}]"), "/tmp", "size"));
        assertEquals("DEFAULT", deco(views(host, "ports", "[{'key':'indice','indice':'port_1','status':false,"
                + "'rtt_warning':null}]"), "port_1", "status"));
        assertEquals(json("{}"), views(host, "uptime", "'1 day, 2:03:04'"));
        assertEquals(json("{}"), views(host, "alert", "[{'type':'LOAD'}]"), "a list without key has no views");
    }

    @Test
    void hideZeroFieldsStartHiddenAndShowOnceReachingTheThreshold() {
        HostAlerts host = configured("[diskio]", "hide_zero=True", "hide_threshold_bytes=1000");
        String item = "[{'disk_name':'sda','key':'disk_name','read_bytes':0,'write_bytes':0,"
                + "'read_bytes_rate_per_sec':%d,'write_bytes_rate_per_sec':0}]";
        JsonNode first = views(host, "diskio", item.formatted(5000));
        assertTrue(first.get("sda").get("read_bytes_rate_per_sec").get("hidden").asBoolean(), "hidden at first");
        assertFalse(first.get("sda").get("read_bytes").get("hidden").asBoolean());
        JsonNode second = views(host, "diskio", item.formatted(5000));
        assertFalse(second.get("sda").get("read_bytes_rate_per_sec").get("hidden").asBoolean());
        assertTrue(second.get("sda").get("write_bytes_rate_per_sec").get("hidden").asBoolean(), "still below 1000");
        JsonNode third = views(host, "diskio", item.formatted(0));
        assertFalse(third.get("sda").get("read_bytes_rate_per_sec").get("hidden").asBoolean(), "stays visible");
        assertFalse(views(shipped(), "diskio", item.formatted(0)).get("sda").get("read_bytes_rate_per_sec")
                .get("hidden").asBoolean(), "hide_zero=False shows everything");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
