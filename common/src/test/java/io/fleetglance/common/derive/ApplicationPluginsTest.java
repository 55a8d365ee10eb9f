package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.history.HistoryPoints;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.Amp;
import io.fleetglance.proto.AmpsReading;
import io.fleetglance.proto.CloudReading;
import io.fleetglance.proto.Container;
import io.fleetglance.proto.ContainersReading;
import io.fleetglance.proto.Folder;
import io.fleetglance.proto.FoldersReading;
import io.fleetglance.proto.PortCheck;
import io.fleetglance.proto.PortsReading;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Vm;
import io.fleetglance.proto.VmsReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The six plugins of what runs on and around a host, through the host deriver and against their catalogue. */
class ApplicationPluginsTest {

    private static final PluginCatalogue CATALOGUE = GlancesPlugins.catalogue();

    /** One of each reading, every optional part set, as a busy host's agent would send them. */
    static Sample busyHost(long monoNs) {
        Container web = ContainersDerivationTest.web(5_000_000_000L + monoNs, 100_000_000_000_000L + 2 * monoNs,
                52_428_800, 10_485_760, 1_048_576, 4_096, 10_000, 2_000).toBuilder().setCpuLimit(2)
                .setEngine("podman").setPodName("shop").setPodId("a7c3e1f5b9d2").build();
        return sampleAt(monoNs)
                .setContainers(ContainersReading.newBuilder().setEngineReachable(true).addContainers(web))
                .setPorts(PortsReading.newBuilder().addChecks(PortCheck.newBuilder().setIndice("port_1")
                        .setHost("127.0.0.1").setPort(22).setDescription("ssh").setRefresh(30).setTimeout(3)
                        .setRttWarning(0.5).setStatus(PortCheck.Status.OPEN).setRttSeconds(0.001)))
                .setFolders(FoldersReading.newBuilder().addFolders(Folder.newBuilder().setIndice("1")
                        .setPath("/var/log").setSize(1).setRefresh(30).setCareful(1).setWarning(2).setCritical(3)))
                .setAmps(AmpsReading.newBuilder().addAmps(Amp.newBuilder().setName("Nginx").setEnabled(true)
                        .setRefresh(60).setRegex(true).setCount(1).addPids(2100).setCountmin(1).setCountmax(4)))
                .setVms(VmsReading.newBuilder().addVms(Vm.newBuilder().setName("win11").setId("4")
                        .setStatus("running").setRelease("Windows 11").setCpuCount(4).setCpuTime(1_000_000 + monoNs)
                        .setMemoryUsage(1).setMemoryTotal(2).setEngine("virsh").setEngineVersion("QEMU 7.2.0")))
                .setCloud(CloudReading.newBuilder().setId("ami-1").setName("i-1").setType("t3.micro")
                        .setRegion("eu-west-3a").setPlatform("Amazon EC2"))
                .build();
    }

    @Test
    void derivesTheSixPluginsInCatalogueOrder() {
        Map<String, JsonNode> stats = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty()).derive(busyHost(0));

        List<String> apps = List.of("containers", "ports", "folders", "amps", "vms", "cloud");
        // version, psutilversion and help come with every sample; the six follow the catalogue's order
        assertEquals(List.of("containers", "folders", "ports", "amps", "cloud", "vms"),
                stats.keySet().stream().filter(apps::contains).toList());
    }

    @Test
    void leavesOutThePluginsTheConfigurationDisables() {
        GlancesConfig config = GlancesConfig.parse("glances.conf", List.of(
                "[containers]", "disable=True", "[ports]", "disable=true", "[folders]", "disable=True",
                "[amps]", "disable=True", "[vms]", "disable=True", "[cloud]", "disable=True"));

        Map<String, JsonNode> stats = new HostDeriver(CATALOGUE, config).derive(busyHost(0));
        for (String plugin : List.of("containers", "ports", "folders", "amps", "vms", "cloud")) {
            assertTrue(!stats.containsKey(plugin), plugin + " is disabled: " + stats.keySet());
        }
    }

    @Test
    void describesEveryFieldItDeclaresForAWellFedHost() {
        HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());
        deriver.derive(busyHost(0));
        Map<String, JsonNode> stats = deriver.derive(busyHost(2_000_000_000L));

        for (String plugin : List.of("containers", "ports", "folders", "amps", "vms", "cloud")) {
            PluginSpec spec = CATALOGUE.plugin(plugin).orElseThrow();
            JsonNode element = stats.get(plugin).isArray() ? stats.get(plugin).get(0) : stats.get(plugin);
            List<String> produced = new ArrayList<>();
            element.fieldNames().forEachRemaining(produced::add);
            for (FieldSpec field : spec.fields()) {
                assertTrue(produced.contains(field.name()), plugin + " declares " + field.name()
                        + " but derives only " + produced);
            }
            if (spec.keyField() != null) {
                assertEquals(spec.keyField(), element.get("key").asText(), plugin + " key");
            }
        }
    }

    @Test
    void keepsHistoryOfContainerCpuAndVmMemoryByName() {
        HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());
        Map<String, JsonNode> stats = deriver.derive(busyHost(0));

        assertEquals(Set.of("web_cpu_percent"), HistoryPoints.from(CATALOGUE.plugin("containers").orElseThrow(),
                stats.get("containers")).keySet());
        assertEquals(Set.of("win11_memory_usage"), HistoryPoints.from(CATALOGUE.plugin("vms").orElseThrow(),
                stats.get("vms")).keySet());
        assertTrue(HistoryPoints.from(CATALOGUE.plugin("ports").orElseThrow(), stats.get("ports")).isEmpty());
    }

    @Test
    void declaresOnlyVmCpuTimeAsARate() {
        for (String plugin : List.of("containers", "ports", "folders", "amps", "vms", "cloud")) {
            List<String> rates = CATALOGUE.plugin(plugin).orElseThrow().rateFields();
            assertEquals(plugin.equals("vms") ? List.of("cpu_time") : List.of(), rates, plugin);
        }
    }
}
