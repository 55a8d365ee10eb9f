package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.NetInterface;
import io.fleetglance.proto.NetworkReading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkDerivationTest {

    private static final long DT_NS = 3_000_000_000L;

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void firstSampleCarriesRawCountersAndNoRateField() {
        JsonNode eth0 = network(deriver, 0, nic("eth0", 47_675_750, 312_335)).get(0);

        assertEquals(47_675_750, eth0.get("bytes_recv").longValue());
        assertEquals(312_335, eth0.get("bytes_sent").longValue());
        // bytes_all = 47675750 + 312335
        assertEquals(47_988_085, eth0.get("bytes_all").longValue());
        assertFalse(eth0.has("time_since_update"));
        assertFalse(eth0.has("bytes_recv_gauge"));
        assertFalse(eth0.has("bytes_recv_rate_per_sec"));
    }

    @Test
    void secondSampleGivesDeltasGaugesAndFlooredRates() {
        network(deriver, 0, nic("eth0", 47_675_750, 312_335));
        JsonNode eth0 = network(deriver, DT_NS, nic("eth0", 47_676_750, 312_835)).get(0);

        // recv +1000 over 3 s: 333.33 -> 333.0; sent +500 -> 166.0; all +1500 -> 500.0.
        assertEquals(1000, eth0.get("bytes_recv").intValue());
        assertEquals(47_676_750, eth0.get("bytes_recv_gauge").longValue());
        assertEquals(333.0, eth0.get("bytes_recv_rate_per_sec").doubleValue());
        assertTrue(eth0.get("bytes_recv_rate_per_sec").isDouble());
        assertEquals(500, eth0.get("bytes_sent").intValue());
        assertEquals(166.0, eth0.get("bytes_sent_rate_per_sec").doubleValue());
        assertEquals(1500, eth0.get("bytes_all").intValue());
        assertEquals(47_989_585, eth0.get("bytes_all_gauge").longValue());
        assertEquals(500.0, eth0.get("bytes_all_rate_per_sec").doubleValue());
        assertEquals(3.0, eth0.get("time_since_update").doubleValue());
    }

    @Test
    void thirdSampleComparesWithTheSecondAndANewInterfaceStartsWithoutRates() {
        network(deriver, 0, nic("eth0", 1000, 100));
        network(deriver, DT_NS, nic("eth0", 4000, 400));
        JsonNode stats = network(deriver, 2 * DT_NS, nic("eth0", 10_000, 700), nic("eth1", 50, 60));

        // eth0: recv 10000 - 4000 = 6000 over 3 s -> 2000.0; sent 300 -> 100.0.
        assertEquals(6000, stats.get(0).get("bytes_recv").intValue());
        assertEquals(2000.0, stats.get(0).get("bytes_recv_rate_per_sec").doubleValue());
        assertEquals(100.0, stats.get(0).get("bytes_sent_rate_per_sec").doubleValue());
        JsonNode eth1 = stats.get(1);
        assertEquals("eth1", eth1.get("interface_name").asText());
        assertEquals(50, eth1.get("bytes_recv").intValue());
        assertFalse(eth1.has("bytes_recv_rate_per_sec"));
        assertFalse(eth1.has("time_since_update"));
    }

    @Test
    void keepsTheFieldsAndOrderOfNetworkJsonWithoutIsUp() {
        network(deriver, 0, nic("eth0", 1000, 100));
        JsonNode eth0 = network(deriver, DT_NS, nic("eth0", 4000, 400)).get(0);

        List<String> expected = new ArrayList<>(CpuDerivationTest.names(GlancesSamples.read("network.json").get(0)));
        assertEquals(expected, CpuDerivationTest.names(eth0));
    }

    @Test
    void speedIsMegabitsTimes1048576AndIsUpIsNotSent() {
        JsonNode eth0 = network(deriver, 0, nic("eth0", 1, 1).toBuilder().setSpeedMbps(1000).build()).get(0);

        // 1000 Mbps x 1048576, as Glances converts.
        assertEquals(1_048_576_000L, eth0.get("speed").longValue());
        // Glances declares is_up but never sends it (psutil names it isup).
        assertFalse(eth0.has("is_up"));
        assertEquals("interface_name", eth0.get("key").asText());
        assertTrue(eth0.get("alias").isNull());
    }

    @Test
    void hidesLoopbackDockerDownAddresslessAndStatlessInterfacesByDefault() {
        JsonNode stats = network(deriver, 0,
                nic("lo", 1, 1), nic("docker0", 1, 1), nic("eth0", 1, 1),
                nic("eth1", 1, 1).toBuilder().setIsUp(false).build(),
                nic("eth2", 1, 1).toBuilder().setHasIpv4(false).build(),
                nic("eth3", 1, 1).toBuilder().setHasStats(false).build());

        assertEquals(List.of("eth0"), names(stats));
    }

    @Test
    void followsTheConfiguredHideShowAndAddressRules() {
        HostDeriver configured = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[network]",
                "hide=eth0", "hide_no_up=false", "hide_no_ip=false"));

        JsonNode stats = network(configured, 0, nic("lo", 1, 1), nic("eth0", 1, 1),
                nic("eth1", 1, 1).toBuilder().setIsUp(false).setHasIpv4(false).build());

        assertEquals(List.of("lo", "eth1"), names(stats));
    }

    @Test
    void aConfigurationChangeAppliesFromTheNextSample() {
        network(deriver, 0, nic("eth0", 1, 1), nic("wlan0", 1, 1));

        deriver.setConfig(Configs.of("[network]", "show=wlan.*", "alias=wlan0:Wireless IF"));
        JsonNode stats = network(deriver, DT_NS, nic("eth0", 1, 1), nic("wlan0", 7, 1));

        assertEquals(List.of("wlan0"), names(stats));
        assertEquals("Wireless IF", stats.get(0).get("alias").asText());
        // 7 - 1 since the previous sample.
        assertEquals(6, stats.get(0).get("bytes_recv").intValue());
    }

    @Test
    void anInterfaceHiddenBeforeHasRatesAsSoonAsItIsShown() {
        network(deriver, 0, nic("lo", 100, 100));

        deriver.setConfig(Configs.of("[network]", "hide="));
        JsonNode lo = network(deriver, DT_NS, nic("lo", 400, 100)).get(0);

        // 300 bytes over 3 s.
        assertEquals(100.0, lo.get("bytes_recv_rate_per_sec").doubleValue());
    }

    static NetInterface nic(String name, long recv, long sent) {
        return NetInterface.newBuilder().setName(name).setBytesRecv(recv).setBytesSent(sent).setIsUp(true)
                .setHasIpv4(true).setHasStats(true).build();
    }

    static JsonNode network(HostDeriver deriver, long monoNs, NetInterface... nics) {
        return deriver.derive(sampleAt(monoNs).setNetwork(NetworkReading.newBuilder()
                .addAllInterfaces(List.of(nics))).build()).get("network");
    }

    private static List<String> names(JsonNode stats) {
        List<String> names = new ArrayList<>();
        stats.forEach(e -> names.add(e.get("interface_name").asText()));
        return names;
    }
}
