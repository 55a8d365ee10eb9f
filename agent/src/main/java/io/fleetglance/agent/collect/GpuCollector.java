package io.fleetglance.agent.collect;

import io.fleetglance.proto.Gpu;
import io.fleetglance.proto.GpuReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads the GPUs for the gpu plugin: NVIDIA cards through {@code nvidia-smi}, AMD cards through the amdgpu sysfs
 * files, in that order as in Glances. A machine without a GPU gets an empty reading.
 *
 * <p>nvidia-smi answers the first two samples by a run each, with a deadline; when it misses it (a wedged driver), it
 * is not run again for {@link #BACKOFF}, so a sick card costs one late sample a minute rather than every sample, and
 * when it fails (a machine with the driver's tools but no driver loaded or no card) it is run again a minute later.
 * Once it answered, it is kept running in its loop mode ({@link NvidiaSmiLoop}) at the interval seen between the
 * two samples, and later samples take its last answers: a run costs the host a process and the driver library's
 * start (about ten milliseconds of CPU with the driver's persistence mode on, far more without), at every sample,
 * and the agent a temporary file and a child to start and wait for (0.7-2 ms of its own CPU here). Its answers
 * older than two intervals and the deadline are not used; a loop that falls silent, ends, or never answers is
 * stopped and nvidia-smi runs once for that sample again, and after {@link #MAX_LOOP_FAILURES} such loops (but for
 * those that ran {@link #LOOP_PROVEN} first) it runs once per sample for the agent's life. A loop is
 * started again at a new interval when samples come at another pace (a new {@code [gpu] refresh}). Values
 * nvidia-smi cannot give ({@code [N/A]}, {@code [Not Supported]}) are left absent.
 */
public final class GpuCollector implements Collector {

    /** How long nvidia-smi may take; it answers in tens of milliseconds on a healthy driver. */
    static final Duration NVIDIA_SMI_TIMEOUT = Duration.ofSeconds(2);
    /** How long to leave nvidia-smi alone after it missed its deadline. */
    static final Duration BACKOFF = Duration.ofMinutes(1);
    static final List<String> QUERY = List.of(
            "--query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,fan.speed",
            "--format=csv,noheader,nounits");
    /** Loops that failed (see the class comment) before nvidia-smi runs once per sample for good. */
    static final int MAX_LOOP_FAILURES = 3;
    /** A loop that ran this long and then ended or fell silent (a driver reload) does not count as failed. */
    static final Duration LOOP_PROVEN = Duration.ofMinutes(10);
    /** The shortest and longest interval a loop is started at. */
    static final Duration MIN_LOOP_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_LOOP_INTERVAL = Duration.ofSeconds(60);
    private static final String AMD_VENDOR = "0x1002";

    private final HostRoot root;
    private final Optional<Path> nvidiaSmi;
    private final Duration timeout;
    private final Duration minLoopInterval;
    private long quietUntilNanos;
    private boolean quiet;
    /** When nvidia() last ran, 0 before its first run or after the plugin was turned off. */
    private long lastNanos;
    private NvidiaSmiLoop loop;
    private Duration loopInterval;
    private int loopFailures;

    /** A collector reading the drm devices under {@code root} and running the nvidia-smi of the agent's PATH. */
    public GpuCollector(HostRoot root) {
        this(root, ExternalCommand.locate("nvidia-smi", List.of("/usr/bin")), NVIDIA_SMI_TIMEOUT, MIN_LOOP_INTERVAL);
    }

    /**
     * A collector reading the drm devices under {@code root} and running {@code nvidiaSmi} (none: no NVIDIA GPU is
     * looked for) with at most {@code timeout} per run.
     */
    public GpuCollector(HostRoot root, Optional<Path> nvidiaSmi, Duration timeout) {
        this(root, nvidiaSmi, timeout, MIN_LOOP_INTERVAL);
    }

    /** As above, with loops started at no shorter an interval than {@code minLoopInterval} (tests use less). */
    GpuCollector(HostRoot root, Optional<Path> nvidiaSmi, Duration timeout, Duration minLoopInterval) {
        this.root = root;
        this.nvidiaSmi = nvidiaSmi;
        this.timeout = timeout;
        this.minLoopInterval = minLoopInterval;
    }

    @Override
    public List<String> plugins() {
        return List.of("gpu");
    }

    @Override
    public void collect(Sample.Builder sample) {
        GpuReading.Builder reading = GpuReading.newBuilder();
        nvidia(reading);
        amd(reading);
        sample.setGpu(reading);
    }

    @Override
    public synchronized void configure(Set<String> disabledPlugins, Map<String, Map<String, String>> sections) {
        if (disabledPlugins.contains("gpu")) {
            // Not asked again until the plugin is back, when a loop starts anew at the pace seen then.
            stopLoop(false);
            lastNanos = 0;
        }
    }

    private synchronized void nvidia(GpuReading.Builder reading) {
        long now = System.nanoTime();
        long previous = lastNanos;
        lastNanos = now;
        if (nvidiaSmi.isEmpty() || (quiet && now - quietUntilNanos < 0)) {
            return;
        }
        quiet = false;
        if (loop != null && fromLoop(reading, now, previous)) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(nvidiaSmi.get().toString());
        command.addAll(QUERY);
        Optional<ExternalCommand.Result> answer = ExternalCommand.run(command, timeout);
        if (answer.isEmpty() || answer.get().exitCode() != 0) {
            // Past its deadline, or failed: no driver loaded, no device, or no permission (nvidia-smi says so on
            // stdout and exits non-zero).
            quiet = true;
            quietUntilNanos = System.nanoTime() + BACKOFF.toNanos();
            stopLoop(true);
            return;
        }
        boolean found = false;
        for (String line : ProcText.lines(answer.get().stdout())) {
            Gpu gpu = nvidiaLine(line);
            if (gpu != null) {
                reading.addGpus(gpu);
                found = true;
            }
        }
        if (found && loop == null && previous != 0 && loopFailures < MAX_LOOP_FAILURES) {
            startLoop(command, Duration.ofNanos(now - previous));
        }
    }

    /**
     * Fills the loop's fresh answers into {@code reading}; false when it has none (then it is stopped, unless it is
     * still starting), when it ended, or when samples now come at another pace than its interval (then it is stopped,
     * to start again at theirs).
     */
    private boolean fromLoop(GpuReading.Builder reading, long now, long previous) {
        // A sample may come late by a run's deadline (the one before it ran nvidia-smi); later than that, or sooner
        // than half the interval, samples come at another pace.
        long sinceLast = previous == 0 ? 0 : now - previous;
        long interval = loopInterval.toNanos();
        if (sinceLast != 0 && (sinceLast < interval / 2 || sinceLast > 2 * interval + timeout.toNanos())) {
            stopLoop(false);
            return false;
        }
        if (loop.ended()) {
            // It answers no more (a driver reload, a crash): started again by the run that takes this sample.
            stopLoop(loop.age(now).compareTo(LOOP_PROVEN) < 0);
            return false;
        }
        List<Gpu> gpus = loop.fresh(now, loopInterval.multipliedBy(2).plus(timeout));
        if (!gpus.isEmpty()) {
            gpus.forEach(reading::addGpus);
            return true;
        }
        boolean starting = !loop.answered() && loop.age(now).compareTo(loopInterval.plus(timeout)) < 0;
        if (!starting) {
            stopLoop(loop.age(now).compareTo(LOOP_PROVEN) < 0 || !loop.answered());
        }
        return false;
    }

    private void startLoop(List<String> command, Duration pace) {
        // To the tenth of a second: the pace of samples, less the jitter of when each one was taken.
        long ms = Math.round(pace.toMillis() / 100.0) * 100;
        loopInterval = Duration.ofMillis(
                Math.max(minLoopInterval.toMillis(), Math.min(MAX_LOOP_INTERVAL.toMillis(), ms)));
        try {
            loop = NvidiaSmiLoop.start(command, loopInterval);
        } catch (IOException | RuntimeException e) {
            loopFailures++;
        }
    }

    private void stopLoop(boolean failed) {
        if (loop != null) {
            loop.close();
            loop = null;
            if (failed) {
                loopFailures++;
            }
        }
    }

    /** The loop's child process id, or -1 when none runs (for tests). */
    synchronized long loopPid() {
        return loop == null ? -1 : loop.pid();
    }

    /** One CSV line: index, name, utilization %, memory used MiB, memory total MiB, temperature °C, fan %. */
    static Gpu nvidiaLine(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 7) {
            return null;
        }
        OptionalDouble index = value(fields[0]);
        if (index.isEmpty() || index.getAsDouble() != Math.rint(index.getAsDouble())) {
            return null;
        }
        String name = fields[1].trim();
        Gpu.Builder gpu = Gpu.newBuilder()
                .setGpuId("nvidia" + (long) index.getAsDouble())
                .setName(name.isEmpty() || name.startsWith("[") ? "NVIDIA" : name);
        value(fields[2]).ifPresent(gpu::setProc);
        OptionalDouble used = value(fields[3]);
        OptionalDouble total = value(fields[4]);
        if (used.isPresent() && total.isPresent() && total.getAsDouble() > 0) {
            gpu.setMem(used.getAsDouble() * 100.0 / total.getAsDouble());
        }
        value(fields[5]).ifPresent(gpu::setTemperature);
        value(fields[6]).ifPresent(gpu::setFanSpeed);
        return gpu.build();
    }

    /** A number field, or empty for "[N/A]", "[Not Supported]", "N/A" and anything else that is not a number. */
    private static OptionalDouble value(String field) {
        String text = field.trim();
        if (!text.matches("-?\\d+(\\.\\d+)?")) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(text));
    }

    /**
     * AMD cards: each {@code /sys/class/drm/cardN} whose device is from AMD (vendor 0x1002) and reports
     * {@code gpu_busy_percent} (amdgpu), numbered amd0, amd1... in card order. Memory is VRAM used over total;
     * the temperature is the mean of the card's hwmon temperatures (edge, junction, memory), as Glances takes it; the
     * fan is its PWM duty over {@code pwm1_max}.
     */
    private void amd(GpuReading.Builder reading) {
        Path drm = root.resolve("/sys/class/drm");
        List<Path> cards = new ArrayList<>();
        for (String name : ProcText.names(drm, "card")) {
            String number = name.substring(4);
            if (!number.isEmpty() && number.length() <= 4 && number.chars().allMatch(c -> c >= '0' && c <= '9')) {
                cards.add(drm.resolve(name));
            }
        }
        cards.sort(Comparator.comparingInt(card -> Integer.parseInt(card.getFileName().toString().substring(4))));
        int index = 0;
        for (Path card : cards) {
            Path device = card.resolve("device");
            OptionalDouble busy = ProcText.number(device.resolve("gpu_busy_percent"));
            if (!ProcText.firstLine(device.resolve("vendor")).orElse("").equalsIgnoreCase(AMD_VENDOR)
                    || busy.isEmpty()) {
                continue;
            }
            Gpu.Builder gpu = Gpu.newBuilder()
                    .setGpuId("amd" + index++)
                    .setName(ProcText.firstLine(device.resolve("product_name")).orElse("AMD GPU"))
                    .setProc(busy.getAsDouble());
            OptionalDouble used = ProcText.number(device.resolve("mem_info_vram_used"));
            OptionalDouble total = ProcText.number(device.resolve("mem_info_vram_total"));
            if (used.isPresent() && total.isPresent() && total.getAsDouble() > 0) {
                gpu.setMem(used.getAsDouble() * 100.0 / total.getAsDouble());
            }
            amdHwmon(device, gpu);
            reading.addGpus(gpu);
        }
    }

    private static void amdHwmon(Path device, Gpu.Builder gpu) {
        double sum = 0;
        int count = 0;
        Double fan = null;
        try (DirectoryStream<Path> hwmons = Files.newDirectoryStream(device.resolve("hwmon"), "hwmon*")) {
            for (Path hwmon : hwmons) {
                try (DirectoryStream<Path> temps = Files.newDirectoryStream(hwmon, "temp*_input")) {
                    for (Path temp : temps) {
                        OptionalDouble milli = ProcText.number(temp);
                        if (milli.isPresent()) {
                            sum += milli.getAsDouble() / 1000.0;
                            count++;
                        }
                    }
                }
                OptionalDouble pwm = ProcText.number(hwmon.resolve("pwm1"));
                OptionalDouble pwmMax = ProcText.number(hwmon.resolve("pwm1_max"));
                if (fan == null && pwm.isPresent() && pwmMax.isPresent() && pwmMax.getAsDouble() > 0) {
                    fan = pwm.getAsDouble() * 100.0 / pwmMax.getAsDouble();
                }
            }
        } catch (IOException | RuntimeException e) {
            // No hwmon directory: the card reports no temperature or fan.
        }
        if (count > 0) {
            gpu.setTemperature(sum / count);
        }
        if (fan != null) {
            gpu.setFanSpeed(fan);
        }
    }
}
