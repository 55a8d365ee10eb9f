package io.fleetglance.agent.collect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Reads temperatures and fan speeds from {@code /sys/class/hwmon} (and {@code /sys/class/thermal} when hwmon has no
 * temperature) the way psutil's {@code sensors_temperatures} and {@code sensors_fans} do, grouped by chip name.
 */
final class HwmonReader {

    /**
     * One sensor of a chip: its own label ({@code temp1_label}, empty when it has none), its value (°C or RPM) and
     * the chip's thresholds ({@code temp1_max}, {@code temp1_crit}), null when absent.
     */
    record Feature(String label, double current, Double high, Double critical) {
    }

    private final HostRoot root;

    HwmonReader(HostRoot root) {
        this.root = root;
    }

    /**
     * Temperatures by chip name, chips in the order psutil meets them: each {@code hwmon*} directory (its
     * {@code device} subdirectory included, as on older kernels) and each {@code tempN_} prefix within it, sorted as
     * path strings. A sensor whose value or chip name cannot be read is left out. Without any hwmon temperature file,
     * the thermal zones are read instead.
     */
    Map<String, List<Feature>> temperatures() {
        Path hwmon = root.resolve("/sys/class/hwmon");
        TreeSet<String> bases = new TreeSet<>();
        for (Path chip : children(hwmon, "hwmon")) {
            addBases(chip, "temp", bases, hwmon);
            addBases(chip.resolve("device"), "temp", bases, hwmon);
        }
        if (bases.isEmpty()) {
            return thermalZones();
        }
        Map<String, List<Feature>> chips = new LinkedHashMap<>();
        for (String relative : bases) {
            Path base = hwmon.resolve(relative);
            OptionalDouble current = ProcText.number(sibling(base, "_input"));
            Optional<String> chip = ProcText.firstLine(base.getParent().resolve("name"));
            if (current.isEmpty() || chip.isEmpty()) {
                continue;
            }
            chips.computeIfAbsent(chip.get(), name -> new ArrayList<>()).add(new Feature(
                    ProcText.firstLine(sibling(base, "_label")).orElse(""),
                    current.getAsDouble() / 1000.0,
                    milli(ProcText.number(sibling(base, "_max"))),
                    milli(ProcText.number(sibling(base, "_crit")))));
        }
        return chips;
    }

    /**
     * Fan speeds in RPM by chip name, from {@code hwmonN/fanM_input} (or, only when there are none at all, from
     * {@code hwmonN/device/fanM_input}), in sorted path order; no thresholds.
     */
    Map<String, List<Feature>> fans() {
        Path hwmon = root.resolve("/sys/class/hwmon");
        List<Path> chipDirs = children(hwmon, "hwmon");
        TreeSet<String> bases = new TreeSet<>();
        for (Path chip : chipDirs) {
            addBases(chip, "fan", bases, hwmon);
        }
        if (bases.isEmpty()) {
            for (Path chip : chipDirs) {
                addBases(chip.resolve("device"), "fan", bases, hwmon);
            }
        }
        Map<String, List<Feature>> chips = new LinkedHashMap<>();
        for (String relative : bases) {
            Path base = hwmon.resolve(relative);
            OptionalDouble rpm = ProcText.number(sibling(base, "_input"));
            Optional<String> chip = ProcText.firstLine(base.getParent().resolve("name"));
            if (rpm.isEmpty() || chip.isEmpty()) {
                continue;
            }
            chips.computeIfAbsent(chip.get(), name -> new ArrayList<>()).add(new Feature(
                    ProcText.firstLine(sibling(base, "_label")).orElse(""), Math.floor(rpm.getAsDouble()), null,
                    null));
        }
        return chips;
    }

    /**
     * psutil's fallback for machines whose temperatures are only thermal zones (many ARM boards): each
     * {@code thermal_zone*} gives one unlabelled sensor named by its {@code type}, with the temperatures of its
     * {@code high} and {@code critical} trip points as thresholds.
     */
    private Map<String, List<Feature>> thermalZones() {
        Map<String, List<Feature>> chips = new LinkedHashMap<>();
        TreeSet<String> zones = new TreeSet<>();
        for (Path zone : children(root.resolve("/sys/class/thermal"), "thermal_zone")) {
            zones.add(zone.getFileName().toString());
        }
        for (String name : zones) {
            Path zone = root.resolve("/sys/class/thermal").resolve(name);
            OptionalDouble current = ProcText.number(zone.resolve("temp"));
            Optional<String> type = ProcText.firstLine(zone.resolve("type"));
            if (current.isEmpty() || type.isEmpty()) {
                continue;
            }
            Double high = null;
            Double critical = null;
            for (int trip = 0; trip < 64; trip++) {
                Optional<String> tripType = ProcText.firstLine(zone.resolve("trip_point_" + trip + "_type"));
                if (tripType.isEmpty()) {
                    break;
                }
                Double temperature = milli(ProcText.number(zone.resolve("trip_point_" + trip + "_temp")));
                if (tripType.get().equals("critical") && critical == null) {
                    critical = temperature;
                } else if (tripType.get().equals("high") && high == null) {
                    high = temperature;
                }
            }
            chips.computeIfAbsent(type.get(), t -> new ArrayList<>())
                    .add(new Feature("", current.getAsDouble() / 1000.0, high, critical));
        }
        return chips;
    }

    /**
     * Adds, as paths relative to {@code hwmon}, the {@code <kind>N} prefixes of the files {@code <kind>N_*} of
     * {@code dir}.
     */
    private static void addBases(Path dir, String kind, TreeSet<String> bases, Path hwmon) {
        // No such directory (no device/ subdirectory on recent kernels), or it vanished: nothing to add.
        for (String name : ProcText.names(dir, kind)) {
            int underscore = name.indexOf('_', kind.length());
            if (underscore >= 0) {
                bases.add(hwmon.relativize(dir.resolve(name.substring(0, name.indexOf('_')))).toString());
            }
        }
    }

    /** The entries of {@code dir} whose names start with {@code prefix}, symbolic links included; empty if none. */
    private static List<Path> children(Path dir, String prefix) {
        List<Path> children = new ArrayList<>();
        for (String name : ProcText.names(dir, prefix)) {
            children.add(dir.resolve(name));
        }
        return children;
    }

    private static Path sibling(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }

    private static Double milli(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() / 1000.0 : null;
    }
}
