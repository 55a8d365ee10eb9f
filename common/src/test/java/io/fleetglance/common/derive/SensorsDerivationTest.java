package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.Sensor;
import io.fleetglance.proto.SensorsReading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorsDerivationTest {

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void describesEachSensorWithIntValuesAndThresholds() {
        JsonNode core = sensors(deriver, temp("Core 0", 45.9, 80.0, 100.0)).get(0);

        assertEquals(List.of("label", "unit", "value", "warning", "critical", "type", "key"),
                CpuDerivationTest.names(core));
        assertEquals("Core 0", core.get("label").asText());
        assertEquals("C", core.get("unit").asText());
        // int(45.9) = 45: truncated, not rounded.
        assertTrue(core.get("value").isInt());
        assertEquals(45, core.get("value").intValue());
        assertEquals(80, core.get("warning").intValue());
        assertEquals(100, core.get("critical").intValue());
        assertEquals("temperature_core", core.get("type").asText());
        assertEquals("label", core.get("key").asText());
    }

    @Test
    void thresholdsTheSystemDoesNotKnowAreNull() {
        JsonNode fan = sensors(deriver, sensor("fan1", Sensor.Kind.FAN_SPEED, 1200, "")).get(0);

        assertTrue(fan.get("warning").isNull());
        assertTrue(fan.get("critical").isNull());
        assertEquals("R", fan.get("unit").asText());
        assertEquals("fan_speed", fan.get("type").asText());
    }

    @Test
    void groupsByTypeInGlancesOrderAndSortsEachTypeNaturally() {
        JsonNode stats = sensors(deriver,
                sensor("BAT BAT0", Sensor.Kind.BATTERY, 87, "%"),
                sensor("fan2", Sensor.Kind.FAN_SPEED, 900, "R"),
                temp("Core 10", 40, null, null),
                sensor("sda", Sensor.Kind.TEMPERATURE_HDD, 35, "C"),
                temp("Core 2", 41, null, null),
                temp("Package id 0", 45, null, null),
                sensor("fan10", Sensor.Kind.FAN_SPEED, 800, "R"));

        assertEquals(List.of("Core 2", "Core 10", "Package id 0", "fan2", "fan10", "sda", "BAT BAT0"), labels(stats));
        assertEquals("battery", stats.get(6).get("type").asText());
        assertEquals("%", stats.get(6).get("unit").asText());
    }

    @Test
    void numbersDuplicateLabelsOfOneType() {
        JsonNode stats = sensors(deriver, temp("temp1", 30, null, null), temp("temp1", 31, null, null),
                temp("temp1", 32, null, null), sensor("temp1", Sensor.Kind.TEMPERATURE_HDD, 33, "C"));

        // The third temp1 becomes "temp1 2"; the disk sensor is of another type and keeps its label.
        assertEquals(List.of("temp1", "temp1 1", "temp1 2", "temp1"), labels(stats));
        assertEquals(31, stats.get(1).get("value").intValue());
    }

    @Test
    void hidesUnknownSensorsByDefaultAndConfiguredOnesByLowerCaseLabel() {
        HostDeriver configured = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[sensors]",
                "hide=acpitz.*"));

        assertEquals(List.of("Core 0"), labels(sensors(deriver, temp("unknown 1", 30, null, null),
                temp("Core 0", 30, null, null))));
        assertEquals(List.of("Core 0", "unknown 1"), labels(sensors(configured, temp("ACPITZ 1", 30, null, null),
                temp("Core 0", 30, null, null), temp("unknown 1", 30, null, null))));
    }

    @Test
    void renamesByAliasOfTheLabelOrOfLabelAndType() {
        HostDeriver configured = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[sensors]",
                "core 0_alias=CPU Core 0", "alias=sda_temperature_hdd:System disk"));

        JsonNode stats = sensors(configured, temp("Core 0", 30, null, null),
                sensor("sda", Sensor.Kind.TEMPERATURE_HDD, 35, "C"));

        assertEquals(List.of("CPU Core 0", "System disk"), labels(stats));
    }

    @Test
    void leavesOutIdenticalSensorsAndSensorsOfUnknownKind() {
        HostDeriver configured = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[sensors]",
                "alias=temp1 1:temp1"));

        // "temp1" and "temp1 1" (aliased back to temp1) end identical: one is kept.
        JsonNode stats = sensors(configured, temp("temp1", 30, null, null), temp("temp1", 30, null, null),
                sensor("odd", Sensor.Kind.KIND_UNSPECIFIED, 1, ""));

        assertEquals(List.of("temp1"), labels(stats));
    }

    @Test
    void comparesDigitRunsAsNumbers() {
        assertTrue(SensorsDerivation.compareNaturally("Core 2", "Core 10") < 0);
        assertTrue(SensorsDerivation.compareNaturally("a10b2", "a10b1") > 0);
        assertTrue(SensorsDerivation.compareNaturally("Core", "Core 1") < 0);
        // Case-sensitive, as Python compares strings: upper case first.
        assertTrue(SensorsDerivation.compareNaturally("Zeta", "alpha") < 0);
    }

    static Sensor temp(String label, double value, Double warning, Double critical) {
        Sensor.Builder sensor = Sensor.newBuilder().setLabel(label).setKind(Sensor.Kind.TEMPERATURE_CORE)
                .setValue(value).setUnit("C");
        if (warning != null) {
            sensor.setWarning(warning);
        }
        if (critical != null) {
            sensor.setCritical(critical);
        }
        return sensor.build();
    }

    private static Sensor sensor(String label, Sensor.Kind kind, double value, String unit) {
        return Sensor.newBuilder().setLabel(label).setKind(kind).setValue(value).setUnit(unit).build();
    }

    static JsonNode sensors(HostDeriver deriver, Sensor... sensors) {
        return deriver.derive(sampleAt(0).setSensors(SensorsReading.newBuilder().addAllSensors(List.of(sensors)))
                .build()).get("sensors");
    }

    private static List<String> labels(JsonNode stats) {
        List<String> labels = new ArrayList<>();
        stats.forEach(e -> labels.add(e.get("label").asText()));
        return labels;
    }
}
