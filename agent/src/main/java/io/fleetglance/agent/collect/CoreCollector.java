package io.fleetglance.agent.collect;

import io.fleetglance.proto.CoreReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Counts physical cores and logical CPUs for the core plugin, the way psutil's {@code cpu_count} does on Linux. */
public final class CoreCollector implements Collector {

    private final HostRoot root;
    private final OnlineCpus<Optional<CoreReading>> counts;

    /**
     * A collector reading the CPU topology in {@code /sys}, and {@code /proc/cpuinfo} and {@code /proc/stat}, again
     * only when the CPUs online change (or every {@link OnlineCpus#REFRESH_USES} samples).
     */
    public CoreCollector(HostRoot root) {
        this.root = root;
        this.counts = new OnlineCpus<>(root, this::count);
    }

    @Override
    public List<String> plugins() {
        return List.of("core");
    }

    @Override
    public void collect(Sample.Builder sample) {
        read().ifPresent(sample::setCore);
    }

    /** The core counts, or empty when not even the logical CPUs can be counted; quicklook reports them too. */
    Optional<CoreReading> read() {
        return counts.get();
    }

    private Optional<CoreReading> count() {
        Optional<String> cpuinfo = ProcText.read(root.resolve("/proc/cpuinfo"));
        int logical = cpuinfo.map(CoreCollector::processorEntries).orElse(0);
        if (logical == 0) {
            logical = statCpuLines();
        }
        if (logical == 0) {
            return Optional.empty();
        }
        int physical = distinctTopologies("core_cpus_list");
        if (physical == 0) {
            // core_cpus_list appeared in Linux 5.3; thread_siblings_list names the same set before it.
            physical = distinctTopologies("thread_siblings_list");
        }
        if (physical == 0) {
            physical = cpuinfo.map(CoreCollector::distinctCoreIds).orElse(0);
        }
        if (physical == 0) {
            // Some VMs and ARM boards describe no topology at all: every logical CPU is then taken as a core.
            physical = logical;
        }
        return Optional.of(CoreReading.newBuilder().setPhys(physical).setLog(logical).build());
    }

    /** How many different sets of sibling CPUs the cpuN topology directories name: one set per physical core. */
    private int distinctTopologies(String file) {
        Set<String> cores = new HashSet<>();
        try (DirectoryStream<Path> cpus = Files.newDirectoryStream(root.resolve("/sys/devices/system/cpu"))) {
            for (Path cpu : cpus) {
                if (isNumberedCpu(cpu.getFileName().toString())) {
                    ProcText.firstLine(cpu.resolve("topology").resolve(file)).ifPresent(cores::add);
                }
            }
        } catch (IOException | SecurityException e) {
            return 0;
        }
        return cores.size();
    }

    private static boolean isNumberedCpu(String name) {
        if (name.length() <= 3 || !name.startsWith("cpu")) {
            return false;
        }
        for (int i = 3; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int processorEntries(String cpuinfo) {
        int count = 0;
        for (String line : ProcText.lines(cpuinfo)) {
            if (line.startsWith("processor") && key(line).equals("processor")) {
                count++;
            }
        }
        return count;
    }

    /** Distinct (physical id, core id) pairs; each processor block gives its pair when both lines are in it. */
    private static int distinctCoreIds(String cpuinfo) {
        Set<String> cores = new HashSet<>();
        String physicalId = null;
        String coreId = null;
        for (String line : ProcText.lines(cpuinfo)) {
            if (line.isBlank()) {
                physicalId = null;
                coreId = null;
                continue;
            }
            String key = key(line);
            if (key.equals("physical id")) {
                physicalId = value(line);
            } else if (key.equals("core id")) {
                coreId = value(line);
            }
            if (physicalId != null && coreId != null) {
                cores.add(physicalId + "/" + coreId);
            }
        }
        return cores.size();
    }

    private int statCpuLines() {
        return ProcText.read(root.resolve("/proc/stat")).map(stat -> {
            int count = 0;
            for (String line : ProcText.lines(stat)) {
                List<String> columns = ProcText.columns(line);
                if (!columns.isEmpty() && isNumberedCpu(columns.get(0))) {
                    count++;
                }
            }
            return count;
        }).orElse(0);
    }

    private static String key(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(0, colon).trim();
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }
}
