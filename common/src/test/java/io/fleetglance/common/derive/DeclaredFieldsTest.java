package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.ConnectionsReading;
import io.fleetglance.proto.Gpu;
import io.fleetglance.proto.GpuReading;
import io.fleetglance.proto.IrqLine;
import io.fleetglance.proto.IrqReading;
import io.fleetglance.proto.RaidArray;
import io.fleetglance.proto.RaidReading;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SensorsReading;
import io.fleetglance.proto.SmartAttribute;
import io.fleetglance.proto.SmartDevice;
import io.fleetglance.proto.SmartReading;
import io.fleetglance.proto.WifiInterface;
import io.fleetglance.proto.WifiReading;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every plugin of the catalogue, through one host deriver fed a sample that carries every reading: what each plugin
 * declares is what it derives, so that a field added to a declaration and not to its derivation (or the reverse)
 * fails here, whatever plugin it is.
 */
class DeclaredFieldsTest {

    private static final PluginCatalogue CATALOGUE = GlancesPlugins.catalogue();

    /**
     * Fields a plugin derives without declaring them, with the reason. Beyond these, every plugin may add
     * {@code key} (list plugins), {@code time_since_update}, and {@code <field>_gauge} and
     * {@code <field>_rate_per_sec} next to a declared rate field, as Glances does.
     */
    private static final Map<String, Set<String>> UNDECLARED = Map.of(
            // Glances serves the engine's raw cpu, memory, io and network dicts beside the figures it describes.
            "containers", Set.of("cpu", "memory", "io", "network"),
            // Glances' folder list carries each folder's indice (folder_N); fields_description omits it.
            "folders", Set.of("indice"),
            // programlist.json: the pids of a program's processes, and "_" where a process has its pid.
            "programlist", Set.of("childrens", "pid"),
            // percpu.json: psutil's Windows-only shares, served as null on Linux, not described.
            "percpu", Set.of("dpc", "interrupt"),
            // amps.json: whether the AMP matches by regex; not described.
            "amps", Set.of("regex"),
            // quicklook.json: the per-CPU figures the quick look draws.
            "quicklook", Set.of("percpu"),
            // Glances' connections stats say whether each of their two sources could be read.
            "connections", Set.of("net_connections_enabled", "nf_conntrack_enabled"));

    /** Declared fields a plugin does not derive on this (Linux) host, with the reason. */
    private static final Map<String, Set<String>> NOT_DERIVED = Map.of(
            // ip.json: gateway is described but never set; the public address only with public_disabled=False,
            // which needs the Internet and which Fleetglance's agents do not query.
            "ip", Set.of("gateway", "public_address", "public_info_human"),
            // programlist.json has no gids: Glances does not aggregate them per program.
            "programlist", Set.of("gids"),
            // network.json: is_up is described, but Glances 4.5.6 filters down interfaces instead of serving it.
            "network", Set.of("is_up"),
            // psutil's BSD/macOS-only and Windows-only figures (mem.json and cpu.json of a Linux host lack them).
            "mem", Set.of("wired"),
            "cpu", Set.of("dpc"));

    /** A host whose agent sends every reading there is, its counters growing with {@code step}. */
    private static Sample wellFedHost(int step) {
        long monoNs = step * 2_000_000_000L;
        return HostDeriverTest.fullSample(monoNs, step).toBuilder()
                .mergeFrom(ApplicationPluginsTest.busyHost(monoNs))
                .setSensors(SensorsReading.newBuilder()
                        .addSensors(SensorsDerivationTest.temp("Core 0", 45.9 + step, 80.0, 100.0)))
                .setWifi(WifiReading.newBuilder().addInterfaces(WifiInterface.newBuilder().setName("wlp2s0")
                        .setQualityLink(51).setQualityLevel(-59).setNoise(-256)))
                .setGpu(GpuReading.newBuilder().addGpus(Gpu.newBuilder().setGpuId("nvidia0").setName("H200")
                        .setMem(5.8).setProc(4).setTemperature(26).setFanSpeed(30)))
                .setIrq(IrqReading.newBuilder().addLines(IrqLine.newBuilder().setIrqLine("LOC")
                        .setTotal(1000 + 900L * step)))
                .setConnections(ConnectionsReading.newBuilder().setNetConnectionsEnabled(true)
                        .putAllStates(Map.of("LISTEN", 12, "ESTABLISHED", 30, "SYN_SENT", 2, "SYN_RECV", 1))
                        .setNfConntrackEnabled(true).setNfConntrackCount(512).setNfConntrackMax(262_144))
                .setRaid(RaidReading.newBuilder().addArrays(RaidArray.newBuilder().setName("md0").setStatus("active")
                        .setType("raid1").putAllComponents(Map.of("sdb1", "1", "sda1", "0")).setUsed(2)
                        .setAvailable(2).setConfig("[UU]")))
                .setSmart(SmartReading.newBuilder().addDevices(SmartDevice.newBuilder().setDeviceName("/dev/sda")
                        .setModel("Samsung SSD 860").addAttributes(SmartAttribute.newBuilder().setId(194)
                                .setName("Temperature_Celsius").setValue(69).setWorst(52).setRaw("31")
                                .setWhenFailed("-").setFlags("0x0022"))))
                .build();
    }

    private static Map<String, JsonNode> derived() {
        GlancesConfig everythingOn = GlancesConfig.parse("glances.conf", List.of(
                "[irq]", "disable=False", "[connections]", "disable=False", "[raid]", "disable=False",
                "[smart]", "disable=False", "[cloud]", "disable=False", "[vms]", "disable=False"));
        HostDeriver deriver = new HostDeriver(CATALOGUE, everythingOn);
        deriver.derive(wellFedHost(0));
        deriver.derive(wellFedHost(1));
        // the third sample: every rate has a real previous counter
        return deriver.derive(wellFedHost(2));
    }

    @Test
    void everyPluginWithADerivationDerivesFromAWellFedHost() {
        Map<String, JsonNode> stats = derived();

        List<String> expected = CATALOGUE.plugins().stream()
                .filter(p -> p.part(PluginDerivation.Factory.class).isPresent()
                        || p.part(DependentDerivation.Factory.class).isPresent())
                .map(PluginSpec::name).toList();
        assertEquals(expected, List.copyOf(stats.keySet()));
        // alert is the only plugin not derived from readings: the events engine builds it.
        assertEquals(List.of("alert"), CATALOGUE.plugins().stream().map(PluginSpec::name)
                .filter(name -> !expected.contains(name)).toList());
    }

    @Test
    void everyPluginDerivesWhatItDeclaresAndDeclaresWhatItDerives() {
        Map<String, JsonNode> stats = derived();

        List<String> problems = new ArrayList<>();
        for (PluginSpec plugin : CATALOGUE.plugins()) {
            JsonNode node = stats.get(plugin.name());
            if (node == null || plugin.fields().isEmpty()) {
                continue;
            }
            JsonNode element = node.isArray() ? node.get(0) : node;
            if (element == null || !element.isObject()) {
                problems.add(plugin.name() + ": no element to compare, got " + node);
                continue;
            }
            Set<String> produced = new LinkedHashSet<>();
            element.fieldNames().forEachRemaining(produced::add);
            Set<String> allowed = new LinkedHashSet<>();
            for (FieldSpec field : plugin.fields()) {
                allowed.add(field.name());
                if (field.rate()) {
                    allowed.add(field.name() + "_gauge");
                    allowed.add(field.name() + "_rate_per_sec");
                }
                boolean excused = NOT_DERIVED.getOrDefault(plugin.name(), Set.of()).contains(field.name());
                if (!produced.contains(field.name()) && !excused) {
                    problems.add(plugin.name() + " declares " + field.name() + " but does not derive it");
                }
            }
            allowed.addAll(UNDECLARED.getOrDefault(plugin.name(), Set.of()));
            allowed.add("time_since_update");
            if (plugin.keyField() != null) {
                allowed.add("key");
            }
            for (String field : produced) {
                if (!allowed.contains(field)) {
                    problems.add(plugin.name() + " derives " + field + " but does not declare it");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theCatalogueEnablesWhatTheShippedGlancesConfEnables() {
        GlancesConfig shipped = GlancesConfig.shipped();

        for (PluginSpec plugin : CATALOGUE.plugins()) {
            assertEquals(plugin.enabledByDefault(), !shipped.getBoolean(plugin.name(), "disable", false),
                    plugin.name());
        }
    }
}
