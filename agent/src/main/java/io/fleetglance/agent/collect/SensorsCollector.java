package io.fleetglance.agent.collect;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Sensor;
import io.fleetglance.proto.SensorsReading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads temperatures, fan speeds and the battery for the sensors plugin, labelled as Glances labels them: a sensor
 * without a label of its own is named "chip index" ({@code "acpitz 0"}), and a label already taken by an earlier
 * sensor of the same kind gets " 1", " 2"... ({@code "Composite 1"} for a second NVMe drive). Labels are made here
 * because only here are the chips known. The battery is psutil's {@code sensors_battery}, which Glances shows as one
 * sensor labelled "Battery". A machine without sensors (a VM) gets an empty reading.
 */
public final class SensorsCollector implements Collector {

    private final HostRoot root;
    private final HwmonReader hwmon;

    /** A collector reading {@code /sys/class/hwmon}, {@code /sys/class/thermal} and {@code /sys/class/power_supply}. */
    public SensorsCollector(HostRoot root) {
        this.root = root;
        this.hwmon = new HwmonReader(root);
    }

    @Override
    public List<String> plugins() {
        return List.of("sensors");
    }

    @Override
    public void collect(Sample.Builder sample) {
        SensorsReading.Builder reading = SensorsReading.newBuilder();
        addLabelled(reading, hwmon.temperatures(), Sensor.Kind.TEMPERATURE_CORE, "C");
        addLabelled(reading, hwmon.fans(), Sensor.Kind.FAN_SPEED, "R");
        battery().ifPresent(reading::addSensors);
        sample.setSensors(reading);
    }

    /** Glances' naming of the sensors of one kind, chip by chip. */
    private static void addLabelled(SensorsReading.Builder reading, Map<String, List<HwmonReader.Feature>> chips,
            Sensor.Kind kind, String unit) {
        Set<String> taken = new HashSet<>();
        for (Map.Entry<String, List<HwmonReader.Feature>> chip : chips.entrySet()) {
            int repeat = 1;
            List<HwmonReader.Feature> features = chip.getValue();
            for (int index = 0; index < features.size(); index++) {
                HwmonReader.Feature feature = features.get(index);
                String label;
                if (feature.label().isEmpty()) {
                    label = chip.getKey() + " " + index;
                } else if (taken.contains(feature.label())) {
                    label = feature.label() + " " + repeat++;
                } else {
                    label = feature.label();
                }
                taken.add(label);
                Sensor.Builder sensor = Sensor.newBuilder()
                        .setLabel(label).setKind(kind).setValue(feature.current()).setUnit(unit);
                if (feature.high() != null) {
                    sensor.setWarning(feature.high());
                }
                if (feature.critical() != null) {
                    sensor.setCritical(feature.critical());
                }
                reading.addSensors(sensor);
            }
        }
    }

    /**
     * The first battery by name ({@code BAT*} or any name containing "battery"), as psutil reads it: the percentage
     * from {@code energy_now/energy_full} (or the {@code charge_} pair), which is finer than {@code capacity}, else
     * {@code capacity}; on AC power when {@code AC0/online} or {@code AC/online} says so, else from its
     * {@code status}. Empty without a battery.
     */
    private Optional<Sensor> battery() {
        Path supplies = root.resolve("/sys/class/power_supply");
        TreeSet<String> batteries = new TreeSet<>();
        for (String name : ProcText.names(supplies, "")) {
            if (name.startsWith("BAT") || name.toLowerCase(Locale.ROOT).contains("battery")) {
                batteries.add(name);
            }
        }
        if (batteries.isEmpty()) {
            return Optional.empty();
        }
        Path battery = supplies.resolve(batteries.first());
        OptionalDouble now = firstNumber(battery.resolve("energy_now"), battery.resolve("charge_now"));
        OptionalDouble full = firstNumber(battery.resolve("energy_full"), battery.resolve("charge_full"));
        double percent;
        if (now.isPresent() && full.isPresent()) {
            percent = full.getAsDouble() == 0 ? 0.0 : 100.0 * now.getAsDouble() / full.getAsDouble();
        } else {
            OptionalDouble capacity = ProcText.number(battery.resolve("capacity"));
            if (capacity.isEmpty() || capacity.getAsDouble() == -1) {
                return Optional.empty();
            }
            percent = capacity.getAsDouble();
        }
        Sensor.Builder sensor = Sensor.newBuilder()
                .setLabel("Battery").setKind(Sensor.Kind.BATTERY).setValue(percent).setUnit("%");
        OptionalDouble online = firstNumber(supplies.resolve("AC0/online"), supplies.resolve("AC/online"));
        if (online.isPresent()) {
            sensor.setPowerPlugged(online.getAsDouble() == 1);
        } else {
            String status = ProcText.firstLine(battery.resolve("status")).orElse("").toLowerCase(Locale.ROOT);
            if (status.equals("discharging")) {
                sensor.setPowerPlugged(false);
            } else if (status.equals("charging") || status.equals("full")) {
                sensor.setPowerPlugged(true);
            }
        }
        return Optional.of(sensor.build());
    }

    /** The number in the first of {@code files} that exists, or empty when none does or it is not a number. */
    private static OptionalDouble firstNumber(Path... files) {
        for (Path file : files) {
            if (Files.exists(file)) {
                return ProcText.number(file);
            }
        }
        return OptionalDouble.empty();
    }
}
