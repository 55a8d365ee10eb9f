package io.fleetglance.agent.collect;

import io.fleetglance.proto.CpuInfoReading;
import io.fleetglance.proto.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Reads what quicklook shows about the processor: its name from {@code /proc/cpuinfo}, its current and maximum
 * frequencies as psutil's {@code cpu_freq()} computes them, and the core counts of the core plugin.
 *
 * <p>Frequencies, in Hz: with cpufreq, one value per policy (or per CPU on kernels without policies): the current one
 * from the "cpu MHz" lines of cpuinfo when there is one per policy (psutil prefers them, issue 1851), else from
 * {@code scaling_cur_freq}; the maximum from {@code scaling_max_freq}; each averaged over the policies. Without
 * cpufreq (most VMs), the current frequency is the mean of the "cpu MHz" lines and the maximum is unknown (absent).
 * The name is "" when cpuinfo names no processor (the hub shows Glances' "CPU").
 */
public final class CpuInfoCollector implements Collector {

    private final HostRoot root;
    private final KeptOpenFile cpuinfoFile;
    private final CoreCollector cores;
    private final OnlineCpus<List<Path>> policies;

    /**
     * A collector reading {@code /proc/cpuinfo} and {@code /sys/devices/system/cpu} under {@code root}; which cpufreq
     * policies there are is listed again only when the CPUs online change (or every
     * {@link OnlineCpus#REFRESH_USES} samples).
     */
    public CpuInfoCollector(HostRoot root) {
        this.root = root;
        this.cpuinfoFile = new KeptOpenFile(root.resolve("/proc/cpuinfo"));
        this.cores = new CoreCollector(root);
        this.policies = new OnlineCpus<>(root, this::policies);
    }

    @Override
    public List<String> plugins() {
        return List.of("quicklook");
    }

    @Override
    public void collect(Sample.Builder sample) {
        String cpuinfo = cpuinfoFile.read().orElse("");
        CpuInfoReading.Builder reading = CpuInfoReading.newBuilder().setCpuName(name(cpuinfo));
        List<Double> cpuinfoMhz = new ArrayList<>();
        for (String line : ProcText.lines(cpuinfo)) {
            if (line.regionMatches(true, 0, "cpu mhz", 0, 7) && line.indexOf(':') > 0) {
                try {
                    cpuinfoMhz.add(Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()));
                } catch (NumberFormatException e) {
                    // A malformed line counts as none; the count then decides which source is used.
                }
            }
        }
        List<Path> policies = this.policies.get();
        if (!policies.isEmpty()) {
            frequencies(policies, cpuinfoMhz, reading);
        } else if (!cpuinfoMhz.isEmpty()) {
            double sum = 0;
            for (double mhz : cpuinfoMhz) {
                sum += mhz;
            }
            reading.setCpuHzCurrent(sum / cpuinfoMhz.size() * 1_000_000.0);
        }
        cores.read().ifPresent(core -> reading.setCpuPhysCore(core.getPhys()).setCpuLogCore(core.getLog()));
        sample.setCpuinfo(reading);
    }

    /**
     * The first "model name" (x86) or "Model" (Raspberry Pi) value, as Glances reads it; failing those, the ARM
     * kernels' "Processor", then "Hardware" (the SoC). "CPU part" is a hexadecimal part number, not a name.
     */
    static String name(String cpuinfo) {
        String processor = null;
        String hardware = null;
        for (String line : ProcText.lines(cpuinfo)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            if (line.startsWith("model name") || line.startsWith("Model")) {
                if (!value.isEmpty()) {
                    return value;
                }
            } else if (line.startsWith("Processor") && processor == null && !value.isEmpty()) {
                processor = value;
            } else if (line.startsWith("Hardware") && hardware == null && !value.isEmpty()) {
                hardware = value;
            }
        }
        return processor != null ? processor : hardware != null ? hardware : "";
    }

    /**
     * psutil's per-policy frequencies, averaged. Should one policy have no current frequency at all, psutil gives up
     * and so does this (nothing set) — unless its CPU is offline, which counts as 0 Hz.
     */
    private void frequencies(List<Path> policies, List<Double> cpuinfoMhz, CpuInfoReading.Builder reading) {
        double currentSum = 0;
        double maxSum = 0;
        for (int i = 0; i < policies.size(); i++) {
            Path policy = policies.get(i);
            OptionalDouble currentKhz = policies.size() == cpuinfoMhz.size()
                    ? OptionalDouble.of(cpuinfoMhz.get(i) * 1000)
                    : ProcText.number(policy.resolve("scaling_cur_freq"));
            if (currentKhz.isEmpty()) {
                currentKhz = ProcText.number(policy.resolve("cpuinfo_cur_freq"));
            }
            if (currentKhz.isEmpty()) {
                String online = ProcText.firstLine(root.resolve("/sys/devices/system/cpu/cpu" + i + "/online"))
                        .orElse("");
                if (online.equals("0")) {
                    continue;
                }
                return;
            }
            OptionalDouble maxKhz = ProcText.number(policy.resolve("scaling_max_freq"));
            if (maxKhz.isEmpty()) {
                return;
            }
            // psutil truncates to whole kHz before turning kHz into MHz.
            currentSum += (long) currentKhz.getAsDouble() / 1000.0;
            maxSum += (long) maxKhz.getAsDouble() / 1000.0;
        }
        reading.setCpuHzCurrent(currentSum / policies.size() * 1_000_000.0);
        reading.setCpuHz(maxSum / policies.size() * 1_000_000.0);
    }

    /** {@code cpufreq/policyN} directories, else {@code cpuN/cpufreq} ones, sorted by number; empty without cpufreq. */
    private List<Path> policies() {
        Path cpu = root.resolve("/sys/devices/system/cpu");
        List<Path> policies = numbered(cpu.resolve("cpufreq"), "policy");
        if (policies.isEmpty()) {
            for (Path cpuDir : numbered(cpu, "cpu")) {
                if (Files.isDirectory(cpuDir.resolve("cpufreq"))) {
                    policies.add(cpuDir.resolve("cpufreq"));
                }
            }
        }
        return policies;
    }

    /** The entries {@code <prefix>N} of {@code dir}, sorted by N. */
    private static List<Path> numbered(Path dir, String prefix) {
        List<Path> entries = new ArrayList<>();
        for (String name : ProcText.names(dir, prefix)) {
            String number = name.substring(prefix.length());
            if (!number.isEmpty() && number.length() <= 9 && number.chars().allMatch(c -> c >= '0' && c <= '9')) {
                entries.add(dir.resolve(name));
            }
        }
        entries.sort(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(
                prefix.length()))));
        return entries;
    }
}
