package io.fleetglance.common.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.plugins.GlancesPlugins;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PluginCatalogueTest {

    private final PluginCatalogue catalogue = GlancesPlugins.catalogue();

    @Test
    void cataloguesAllThirtyFourPlugins() {
        assertEquals(34, catalogue.plugins().size());
        assertEquals(34, catalogue.plugins().stream().map(PluginSpec::name).distinct().count());
    }

    @Test
    void listsPluginsInObservedPluginsListOrderThenTheDisabledOnes() {
        List<String> expected = new ArrayList<>();
        GlancesSamples.read("pluginslist.json").forEach(name -> expected.add(name.asText()));
        expected.addAll(List.of("cloud", "connections", "irq", "raid", "smart", "vms"));

        assertEquals(expected, catalogue.plugins().stream().map(PluginSpec::name).toList());
    }

    @Test
    void onlyTheShippedDisabledPluginsAreOffByDefault() {
        String disabled = catalogue.plugins().stream().filter(p -> !p.enabledByDefault()).map(PluginSpec::name)
                .collect(Collectors.joining(","));

        assertEquals("cloud,connections,irq,raid,smart,vms", disabled);
    }

    @Test
    void givesEachPluginItsShapeAndKeyField() {
        assertShape("cpu", Shape.DICT, null);
        assertShape("percpu", Shape.LIST, "cpu_number");
        assertShape("network", Shape.LIST, "interface_name");
        assertShape("diskio", Shape.LIST, "disk_name");
        assertShape("fs", Shape.LIST, "mnt_point");
        assertShape("processlist", Shape.LIST, "pid");
        assertShape("programlist", Shape.LIST, "name");
        assertShape("smart", Shape.LIST, "DeviceName");
        assertShape("ports", Shape.LIST, "indice");
        assertShape("alert", Shape.LIST, null);
        assertShape("uptime", Shape.STRING, null);
        assertShape("version", Shape.STRING, null);
        assertShape("psutilversion", Shape.STRING, null);
        assertShape("raid", Shape.DICT, null);
        assertShape("help", Shape.DICT, null);
    }

    @Test
    void declaresTheHistorySeriesOfEachPlugin() {
        assertEquals(List.of("user", "system"), plugin("cpu").historyItems());
        assertEquals(List.of("user", "system"), plugin("percpu").historyItems());
        assertEquals(List.of("min1", "min5", "min15"), plugin("load").historyItems());
        assertEquals(List.of("percent"), plugin("mem").historyItems());
        assertEquals(List.of("total", "running", "sleeping", "thread"), plugin("processcount").historyItems());
        assertEquals(List.of("bytes_recv_rate_per_sec", "bytes_sent_rate_per_sec"), plugin("network").historyItems());
        assertEquals(List.of("read_bytes_rate_per_sec", "write_bytes_rate_per_sec"), plugin("diskio").historyItems());
        assertEquals(List.of("percent"), plugin("fs").historyItems());
        assertEquals(List.of("proc", "mem"), plugin("gpu").historyItems());
        assertEquals(List.of("cpu", "percpu", "mem", "swap", "load"), plugin("quicklook").historyItems());
        assertEquals(List.of("memory_usage"), plugin("vms").historyItems());
        assertTrue(plugin("core").historyItems().isEmpty());
        assertTrue(plugin("processlist").historyItems().isEmpty());
    }

    @Test
    void describesCpuTotalExactlyAsGlancesServesIt() {
        FieldSpec total = plugin("cpu").field("total").orElseThrow();

        assertEquals(GlancesSamples.read("cpu__total__description.json").asText(), total.description());
        assertEquals(GlancesSamples.read("cpu__total__unit.json").asText(), total.unit());
    }

    @Test
    void marksCpuEventCountersAsRatesInDeclarationOrder() {
        assertEquals(List.of("ctx_switches", "interrupts", "soft_interrupts", "syscalls"), plugin("cpu").rateFields());
        assertEquals(List.of("read_count", "write_count", "read_bytes", "write_bytes", "read_time", "write_time"),
                plugin("diskio").rateFields());
    }

    @Test
    void carriesTheDecorationFlagsGlancesApplies() {
        FieldSpec total = plugin("cpu").field("total").orElseThrow();
        FieldSpec steal = plugin("cpu").field("steal").orElseThrow();
        FieldSpec min15 = plugin("load").field("min15").orElseThrow();

        assertTrue(total.log());
        assertFalse(total.optional());
        assertTrue(steal.alert());
        assertTrue(steal.optional());
        assertTrue(min15.log());
        assertTrue(plugin("mem").field("cached").orElseThrow().optional());
    }

    @Test
    void answersEmptyForUnknownPluginsAndFields() {
        assertTrue(catalogue.plugin("nosuchplugin").isEmpty());
        assertTrue(plugin("cpu").field("nosuchfield").isEmpty());
        assertNull(plugin("system").field("hostname").orElseThrow().unit());
    }

    @Test
    void refusesAKeyFieldOnADictPlugin() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PluginSpec("odd", Shape.DICT, "name", List.of(), List.of(), true));
        assertTrue(e.getMessage().contains("odd"));
    }

    @Test
    void refusesAFieldDeclaredTwice() {
        List<FieldSpec> twice = List.of(FieldSpec.of("a", null, null), FieldSpec.of("a", null, null));

        assertThrows(IllegalArgumentException.class,
                () -> new PluginSpec("odd", Shape.DICT, null, twice, List.of(), true));
    }

    private PluginSpec plugin(String name) {
        return catalogue.plugin(name).orElseThrow();
    }

    private void assertShape(String name, Shape shape, String key) {
        PluginSpec spec = plugin(name);
        assertEquals(shape, spec.shape(), name);
        assertEquals(key, spec.keyField(), name);
    }
}
