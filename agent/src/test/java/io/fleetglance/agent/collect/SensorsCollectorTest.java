package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Sensor;
import io.fleetglance.proto.Sensor.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorsCollectorTest {

    @TempDir
    Path scratch;

    private static List<Sensor> collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new SensorsCollector(root).collect(sample);
        assertTrue(sample.hasSensors());
        return sample.getSensors().getSensorsList();
    }

    private static Sensor temperature(String label, double value, Double warning, Double critical) {
        Sensor.Builder sensor = Sensor.newBuilder()
                .setLabel(label).setKind(Kind.TEMPERATURE_CORE).setValue(value).setUnit("C");
        if (warning != null) {
            sensor.setWarning(warning);
        }
        if (critical != null) {
            sensor.setCritical(critical);
        }
        return sensor.build();
    }

    private static Sensor fan(String label, double rpm) {
        return Sensor.newBuilder().setLabel(label).setKind(Kind.FAN_SPEED).setValue(rpm).setUnit("R").build();
    }

    private static List<Sensor> ofKind(List<Sensor> sensors, Kind kind) {
        return sensors.stream().filter(s -> s.getKind() == kind).toList();
    }

    @Test
    void readsTemperaturesChipByChipWithGlancesLabels() {
        List<Sensor> temperatures = ofKind(collect(Fixtures.root(Fixtures.WORKSTATION)), Kind.TEMPERATURE_CORE);

        // Chips in psutil's order of first appearance (hwmon0..4 sorted); both NVMe drives share the chip "nvme",
        // so the second drive's "Composite" is the 4th nvme sensor and is renamed "Composite 1".
        assertEquals(List.of(
                temperature("acpitz 0", 27.8, null, 119.0),
                temperature("Composite", 38.85, 81.85, 84.85),
                temperature("Sensor 1", 41.85, 65261.85, null),
                temperature("Sensor 2", 36.85, 65261.85, null),
                temperature("Composite 1", 44.85, 89.85, 94.85),
                temperature("Package id 0", 52.0, 100.0, 100.0),
                temperature("Core 0", 49.0, 100.0, 100.0),
                temperature("Core 1", 51.0, 100.0, 100.0),
                temperature("SYSTIN", 34.0, 80.0, null),
                temperature("CPUTIN", 38.5, null, null)), temperatures);
    }

    @Test
    void namesUnlabelledFansByChipAndIndex() {
        List<Sensor> fans = ofKind(collect(Fixtures.root(Fixtures.WORKSTATION)), Kind.FAN_SPEED);

        assertEquals(List.of(fan("nct6798 0", 1205), fan("nct6798 1", 0), fan("nct6798 2", 843)), fans);
    }

    @Test
    void readsTheFirstBatteryFromItsEnergyAndThePowerAdapter() {
        List<Sensor> batteries = ofKind(collect(Fixtures.root(Fixtures.WORKSTATION)), Kind.BATTERY);

        // BAT0 sorts before hidpp_battery_0 (a mouse); 100 × 43520000 / 50000000 is finer than capacity 87.
        assertEquals(List.of(Sensor.newBuilder()
                .setLabel("Battery").setKind(Kind.BATTERY).setValue(87.04).setUnit("%").setPowerPlugged(true)
                .build()), batteries);
    }

    @Test
    void fallsBackToCapacityAndStatusWithoutEnergyOrAdapter() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/sys/class/power_supply/BAT1/capacity", "64\n");
        Fixtures.write(root, "/sys/class/power_supply/BAT1/status", "Discharging\n");

        Sensor battery = collect(root).get(0);

        assertEquals(64.0, battery.getValue());
        assertTrue(battery.hasPowerPlugged());
        assertFalse(battery.getPowerPlugged());
    }

    @Test
    void readsTheChargePairAndLeavesPowerUnknownWhenNothingSays() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/sys/class/power_supply/BAT0/charge_now", "2100000\n");
        Fixtures.write(root, "/sys/class/power_supply/BAT0/charge_full", "4200000\n");
        Fixtures.write(root, "/sys/class/power_supply/BAT0/capacity", "49\n");
        Fixtures.write(root, "/sys/class/power_supply/BAT0/status", "Unknown\n");

        Sensor battery = collect(root).get(0);

        assertEquals(50.0, battery.getValue());
        assertFalse(battery.hasPowerPlugged());
    }

    @Test
    void followsHwmonEntriesThatAreSymbolicLinks() throws IOException {
        HostRoot root = new HostRoot(scratch);
        // As on a real machine: /sys/class/hwmon/hwmon2 -> ../../devices/platform/coretemp.0/hwmon/hwmon2
        Fixtures.write(root, "/sys/devices/platform/coretemp.0/hwmon/hwmon2/name", "coretemp\n");
        Fixtures.write(root, "/sys/devices/platform/coretemp.0/hwmon/hwmon2/temp1_input", "45000\n");
        Fixtures.write(root, "/sys/devices/platform/coretemp.0/hwmon/hwmon2/temp1_label", "Package id 0\n");
        Files.createDirectories(root.resolve("/sys/class/hwmon"));
        Files.createSymbolicLink(root.resolve("/sys/class/hwmon/hwmon2"),
                Path.of("../../devices/platform/coretemp.0/hwmon/hwmon2"));

        assertEquals(List.of(temperature("Package id 0", 45.0, null, null)), collect(root));
    }

    @Test
    void readsSensorsOfTheOlderDeviceSubdirectory() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/sys/class/hwmon/hwmon0/device/name", "k10temp\n");
        Fixtures.write(root, "/sys/class/hwmon/hwmon0/device/temp1_input", "61250\n");
        Fixtures.write(root, "/sys/class/hwmon/hwmon0/device/temp1_max", "70000\n");
        Fixtures.write(root, "/sys/class/hwmon/hwmon0/device/fan1_input", "2200\n");

        List<Sensor> sensors = collect(root);

        assertEquals(List.of(temperature("k10temp 0", 61.25, 70.0, null), fan("k10temp 0", 2200)), sensors);
    }

    @Test
    void skipsSensorsThatCannotBeReadAndNumbersTheRest() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/sys/class/hwmon/hwmon0/name", "it8792\n");
        Fixtures.write(root, "/sys/class/hwmon/hwmon0/temp1_input", "37000\n");
        // temp2 reports no value (the driver answers ENODATA for an unconnected sensor), temp3 is fine.
        Fixtures.write(root, "/sys/class/hwmon/hwmon0/temp2_input", "");
        Fixtures.write(root, "/sys/class/hwmon/hwmon0/temp3_input", "-12500\n");
        // A chip without a name file is skipped whole, as psutil does.
        Fixtures.write(root, "/sys/class/hwmon/hwmon1/temp1_input", "30000\n");

        assertEquals(List.of(temperature("it8792 0", 37.0, null, null), temperature("it8792 1", -12.5, null, null)),
                collect(root));
    }

    @Test
    void readsThermalZonesWhenHwmonHasNoTemperature() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/type", "cpu-thermal\n");
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/temp", "48686\n");
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/trip_point_0_type", "passive\n");
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/trip_point_0_temp", "75000\n");
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/trip_point_1_type", "high\n");
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/trip_point_1_temp", "80000\n");
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/trip_point_2_type", "critical\n");
        Fixtures.write(root, "/sys/class/thermal/thermal_zone0/trip_point_2_temp", "90000\n");
        Fixtures.write(root, "/sys/class/thermal/thermal_zone1/type", "cpu-thermal\n");
        Fixtures.write(root, "/sys/class/thermal/thermal_zone1/temp", "47000\n");

        assertEquals(List.of(temperature("cpu-thermal 0", 48.686, 80.0, 90.0),
                temperature("cpu-thermal 1", 47.0, null, null)), collect(root));
    }

    @Test
    void givesAnEmptyReadingOnAMachineWithoutSensors() {
        Sample.Builder sample = Sample.newBuilder();
        new SensorsCollector(Fixtures.root(Fixtures.DEBIAN_VM)).collect(sample);

        assertTrue(sample.hasSensors());
        assertEquals(0, sample.getSensors().getSensorsCount());
    }
}
