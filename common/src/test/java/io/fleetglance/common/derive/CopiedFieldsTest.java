package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.FieldSpec;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.catalogue.Shape;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Amp;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.NetInterface;
import io.fleetglance.proto.NetworkReading;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Sensor;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A field added to a plugin's proto message and to its declaration reaches the stats without a line of derivation,
 * and the copy gives each wire type Glances' JSON type.
 */
class CopiedFieldsTest {

    /** {@code plugin}'s shipped declaration, plus {@code names} as new plain fields at its end. */
    private static PluginSpec declaredWith(String plugin, String... names) {
        PluginSpec shipped = Readings.spec(plugin);
        List<FieldSpec> fields = new ArrayList<>(shipped.fields());
        for (String name : names) {
            fields.add(FieldSpec.of(name, "added by a test", null));
        }
        return new PluginSpec(shipped.name(), shipped.shape(), shipped.keyField(), fields, shipped.historyItems(),
                shipped.enabledByDefault(), shipped.parts());
    }

    private static JsonNode derive(PluginSpec spec, Sample sample) {
        PluginDerivation derivation = spec.part(PluginDerivation.Factory.class).orElseThrow()
                .create(spec, GlancesConfig.empty());
        return derivation.derive(sample).orElseThrow();
    }

    @Test
    void aFieldDeclaredAndReadReachesADictPluginsStats() {
        Sample sample = sampleAt(0).setMem(MemReading.newBuilder().setTotal(8_000).setAvailable(6_000)
                .setSlab(123_456)).build();

        JsonNode shipped = derive(Readings.spec("mem"), sample);
        ObjectNode withSlab = (ObjectNode) derive(declaredWith("mem", "slab"), sample);

        assertFalse(shipped.has("slab"), "the reading alone does not make a field: " + shipped);
        assertEquals(123_456, withSlab.get("slab").intValue());
        ObjectNode rest = withSlab.deepCopy();
        rest.remove("slab");
        assertEquals(shipped, rest, "nothing else changes");
    }

    @Test
    void aFieldDeclaredAndReadReachesEveryElementOfAListPlugin() {
        NetInterface eth0 = NetInterface.newBuilder().setName("eth0").setHasStats(true).setIsUp(true)
                .setHasIpv4(true).setMtu(1500).build();
        Sample sample = sampleAt(0).setNetwork(NetworkReading.newBuilder().addInterfaces(eth0)
                .addInterfaces(eth0.toBuilder().setName("eth1").setMtu(9000))).build();

        JsonNode stats = derive(declaredWith("network", "mtu", "packets_recv"), sample);

        assertEquals(List.of(1500, 9000), List.of(stats.get(0).get("mtu").intValue(), stats.get(1).get("mtu").intValue()));
        assertTrue(stats.get(0).get("packets_recv").isIntegralNumber());
        assertEquals(List.of("eth0", "eth1"), stats.findValuesAsText("interface_name"));
    }

    @Test
    void eachWireTypeBecomesGlancesJsonType() {
        PluginSpec spec = new PluginSpec("t", Shape.DICT, null, List.of(FieldSpec.of("countmin", null, null),
                FieldSpec.of("countmax", null, null), FieldSpec.of("count", null, null),
                FieldSpec.of("pids", null, null), FieldSpec.of("regex", null, null), FieldSpec.of("name", null, null),
                FieldSpec.of("timer", null, null)), List.of(), true);
        Amp amp = Amp.newBuilder().setName("nginx").setCount(-1).addPids(7).addPids(-2).setRegex(true)
                .setTimer(0.5).setCountmax(3).build();

        ObjectNode stats = CopiedFields.of(spec, Amp.getDescriptor()).complete(
                JsonNodeFactory.instance.objectNode(), amp);

        assertTrue(stats.get("countmin").isNull(), "an unset optional is Glances' None");
        assertEquals(3.0, stats.get("countmax").doubleValue());
        assertTrue(stats.get("countmax").isDouble());
        assertEquals(4_294_967_295L, stats.get("count").longValue(), "uint32 is unsigned");
        assertEquals("[7,-2]", stats.get("pids").toString());
        assertTrue(stats.get("regex").booleanValue());
        assertEquals("nginx", stats.get("name").textValue());
        assertEquals(0.5, stats.get("timer").doubleValue());
    }

    @Test
    void aWholeUint64StaysUnsignedAndAFieldAlreadyWrittenIsKept() {
        PluginSpec spec = declaredWith("mem", "slab");
        CopiedFields copied = CopiedFields.of(spec, MemReading.getDescriptor());
        ObjectNode stats = JsonNodeFactory.instance.objectNode().put("total", "written by the derivation");

        copied.complete(stats, MemReading.newBuilder().setTotal(5).setSlab(-1L).build());

        assertEquals("written by the derivation", stats.get("total").textValue());
        assertEquals(new BigInteger("18446744073709551615"), stats.get("slab").bigIntegerValue());
    }

    @Test
    void fieldsLeftToTheDerivationAndFieldsThatNeedOneAreNeverCopied() {
        PluginSpec spec = new PluginSpec("t", Shape.DICT, null, List.of(FieldSpec.of("kind", null, null),
                FieldSpec.of("label", null, null), FieldSpec.of("value", null, null)), List.of(), true);

        CopiedFields copied = CopiedFields.of(spec, Sensor.getDescriptor(), "value");

        assertEquals(List.of("label"), copied.names(), "an enum needs a derivation; value is left to it");
        IllegalArgumentException undeclared = assertThrows(IllegalArgumentException.class,
                () -> CopiedFields.of(spec, Sensor.getDescriptor(), "unit"));
        assertEquals("plugin t declares no field unit", undeclared.getMessage());
    }
}
