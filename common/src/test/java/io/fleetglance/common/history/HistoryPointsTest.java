package io.fleetglance.common.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.derive.HostDeriver;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.NetInterface;
import io.fleetglance.proto.NetworkReading;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryPointsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final PluginCatalogue catalogue = GlancesPlugins.catalogue();

    @Test
    void dictPluginAddsOnePointPerHistoryItem() throws Exception {
        JsonNode cpu = MAPPER.readTree("{\"total\":2.0,\"user\":1.0,\"system\":0.8,\"idle\":98.0}");

        Map<String, JsonNode> points = HistoryPoints.from(plugin("cpu"), cpu);

        assertEquals(List.of("user", "system"), List.copyOf(points.keySet()));
        assertEquals(1.0, points.get("user").doubleValue());
        assertEquals(0.8, points.get("system").doubleValue());
    }

    @Test
    void listPluginPrefixesEachSeriesWithTheElementKeyItemByItem() throws Exception {
        JsonNode percpu = MAPPER.readTree("[{\"key\":\"cpu_number\",\"cpu_number\":0,\"user\":4.1,\"system\":1.4},"
                + "{\"key\":\"cpu_number\",\"cpu_number\":1,\"user\":1.5,\"system\":1.1}]");

        Map<String, JsonNode> points = HistoryPoints.from(plugin("percpu"), percpu);

        // Glances iterates history items first, then elements: 0_user, 1_user, 0_system, 1_system.
        assertEquals(List.of("0_user", "1_user", "0_system", "1_system"), List.copyOf(points.keySet()));
        assertEquals(1.1, points.get("1_system").doubleValue());
    }

    @Test
    void fileSystemSeriesKeepTheMountPointAsItIs() throws Exception {
        JsonNode fs = MAPPER.readTree("[{\"mnt_point\":\"/\",\"percent\":21.5},{\"mnt_point\":\"/home\",\"percent\":3.0}]");

        Map<String, JsonNode> points = HistoryPoints.from(plugin("fs"), fs);

        assertEquals(Map.of("/_percent", 21.5, "/home_percent", 3.0),
                Map.of("/_percent", points.get("/_percent").doubleValue(),
                        "/home_percent", points.get("/home_percent").doubleValue()));
    }

    @Test
    void valuesKeepTheirJsonType() throws Exception {
        JsonNode processcount = MAPPER.readTree("{\"total\":78,\"running\":0,\"sleeping\":42,\"thread\":100,\"pid_max\":0}");

        Map<String, JsonNode> points = HistoryPoints.from(plugin("processcount"), processcount);

        assertEquals(List.of("total", "running", "sleeping", "thread"), List.copyOf(points.keySet()));
        assertTrue(points.get("total").isInt());
        assertEquals(78, points.get("total").intValue());
    }

    @Test
    void skipsFieldsMissingFromTheStatsAndElementsWithoutThem() throws Exception {
        JsonNode load = MAPPER.readTree("{\"min1\":0.5}");
        JsonNode network = MAPPER.readTree("[{\"interface_name\":\"eth0\",\"bytes_recv\":0},"
                + "{\"interface_name\":\"eth1\",\"bytes_recv_rate_per_sec\":12.0}]");

        assertEquals(List.of("min1"), List.copyOf(HistoryPoints.from(plugin("load"), load).keySet()));
        assertEquals(List.of("eth1_bytes_recv_rate_per_sec"),
                List.copyOf(HistoryPoints.from(plugin("network"), network).keySet()));
    }

    @Test
    void pluginsWithoutHistoryAddNothing() throws Exception {
        assertTrue(HistoryPoints.from(plugin("core"), MAPPER.readTree("{\"phys\":2,\"log\":2}")).isEmpty());
        assertTrue(HistoryPoints.from(plugin("uptime"), MAPPER.readTree("\"0:04:59\"")).isEmpty());
        assertTrue(HistoryPoints.from(plugin("cpu"), null).isEmpty());
    }

    @Test
    void diskioAndGpuSeriesArePrefixedWithTheirKeys() throws Exception {
        JsonNode diskio = MAPPER.readTree("[{\"key\":\"disk_name\",\"disk_name\":\"vda\","
                + "\"read_bytes_rate_per_sec\":204800.0,\"write_bytes_rate_per_sec\":0.0}]");
        JsonNode gpu = MAPPER.readTree("[{\"key\":\"gpu_id\",\"gpu_id\":\"nvidia0\",\"mem\":5.8,\"proc\":4}]");

        assertEquals(List.of("vda_read_bytes_rate_per_sec", "vda_write_bytes_rate_per_sec"),
                List.copyOf(HistoryPoints.from(plugin("diskio"), diskio).keySet()));
        Map<String, JsonNode> gpuPoints = HistoryPoints.from(plugin("gpu"), gpu);
        // Glances' gpu items: proc, then mem.
        assertEquals(List.of("nvidia0_proc", "nvidia0_mem"), List.copyOf(gpuPoints.keySet()));
        assertTrue(gpuPoints.get("nvidia0_proc").isInt());
    }

    @Test
    void quicklookStoresTheWholePercpuListAsOneValue() throws Exception {
        JsonNode quicklook = MAPPER.readTree("{\"cpu\":3.5,\"percpu\":[{\"key\":\"cpu_number\",\"cpu_number\":0,"
                + "\"total\":7.4},{\"key\":\"cpu_number\",\"cpu_number\":1,\"total\":2.8}],\"mem\":1.6,"
                + "\"swap\":0.0,\"load\":6.1}");

        Map<String, JsonNode> points = HistoryPoints.from(plugin("quicklook"), quicklook);

        assertEquals(List.of("cpu", "percpu", "mem", "swap", "load"), List.copyOf(points.keySet()));
        assertTrue(points.get("percpu").isArray());
        assertEquals(2.8, points.get("percpu").get(1).get("total").doubleValue());
    }

    @Test
    void derivedNetworkStatsGiveTheSeriesOfNetworkHistory() {
        HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());
        deriver.derive(network(0, 1000));
        JsonNode network = deriver.derive(network(2_000_000_000L, 3000)).get("network");

        Map<String, JsonNode> points = HistoryPoints.from(plugin("network"), network);

        // The series of network__history__2.json: eth0_bytes_recv_rate_per_sec, eth0_bytes_sent_rate_per_sec.
        assertEquals(names(GlancesSamples.read("network__history__2.json")), List.copyOf(points.keySet()));
        // 2000 bytes in 2 s.
        assertEquals(1000.0, points.get("eth0_bytes_recv_rate_per_sec").doubleValue());
    }

    private static Sample network(long monoNs, long recv) {
        return Sample.newBuilder().setMonoTimeNs(monoNs).setNetwork(NetworkReading.newBuilder().addInterfaces(
                NetInterface.newBuilder().setName("eth0").setBytesRecv(recv).setBytesSent(10).setIsUp(true)
                        .setHasIpv4(true).setHasStats(true))).build();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private PluginSpec plugin(String name) {
        return catalogue.plugin(name).orElseThrow();
    }
}
