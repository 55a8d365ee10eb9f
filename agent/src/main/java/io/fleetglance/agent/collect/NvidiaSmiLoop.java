package io.fleetglance.agent.collect;

import io.fleetglance.proto.Gpu;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One nvidia-smi kept running in its loop mode ({@code --loop-ms}), which answers the agent's query once per interval
 * on its standard output for as long as it runs: the driver library is opened once instead of at every sample, and no
 * process is started per sample. A thread of its own reads the lines as they come and keeps the last one of each GPU
 * with the time it came; {@link #fresh} gives those that are recent enough.
 *
 * <p>The child is ended by {@link #close}, by a shutdown hook when the JVM exits, and by the kernel when the thread
 * that started it ends, the agent killed included: it is started through {@code setpriv --pdeathsig SIGKILL} where
 * the machine has setpriv (util-linux). A child of JDK 17 may start with SIGPIPE blocked (the mask of the thread
 * that spawned it, JDK-8234262), so a closed pipe alone would not end a loop that outlived the agent.
 */
final class NvidiaSmiLoop implements AutoCloseable {

    private static final Optional<Path> SETPRIV = ExternalCommand.locate("setpriv", List.of("/usr/bin", "/bin"));
    /** GPUs kept at most: a machine has a few, sixteen in the largest servers. */
    private static final int MAX_GPUS = 64;

    private final Process process;
    private final long startedNanos;
    private final Thread hook;
    /** GPU index to its last line and when it came; guarded by itself. */
    private final Map<Long, Stamped> latest = new TreeMap<>();
    private volatile boolean ended;

    private record Stamped(Gpu gpu, long nanos) {
    }

    private NvidiaSmiLoop(Process process) {
        this.process = process;
        this.startedNanos = System.nanoTime();
        this.hook = new Thread(this::close, "nvidia-smi-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread reader = new Thread(this::readLines, "nvidia-smi");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code command} followed by {@code --loop-ms=} the interval, its stderr discarded, from the calling
     * thread: the loop ends with it.
     */
    static NvidiaSmiLoop start(List<String> command, Duration interval) throws IOException {
        List<String> looping = new ArrayList<>();
        SETPRIV.ifPresent(setpriv -> looping.addAll(List.of(setpriv.toString(), "--pdeathsig", "SIGKILL", "--")));
        looping.addAll(command);
        looping.add("--loop-ms=" + Math.max(1, interval.toMillis()));
        Process process = new ProcessBuilder(looping)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new NvidiaSmiLoop(process);
    }

    private void readLines() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                // Lines that are not a GPU's answer (a driver's error message) are passed over.
                Gpu gpu = GpuCollector.nvidiaLine(line);
                if (gpu != null) {
                    long index = Long.parseLong(gpu.getGpuId().substring("nvidia".length()));
                    synchronized (latest) {
                        if (latest.size() < MAX_GPUS || latest.containsKey(index)) {
                            latest.put(index, new Stamped(gpu, System.nanoTime()));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // The pipe closed under the reader (close() ended the child), or a line past belief: the loop is over.
        } finally {
            ended = true;
        }
    }

    /** The last line of each GPU that came at most {@code maxAge} before {@code nowNanos}, by GPU index. */
    List<Gpu> fresh(long nowNanos, Duration maxAge) {
        List<Gpu> gpus = new ArrayList<>();
        synchronized (latest) {
            for (Stamped stamped : latest.values()) {
                if (nowNanos - stamped.nanos() <= maxAge.toNanos()) {
                    gpus.add(stamped.gpu());
                }
            }
        }
        return gpus;
    }

    /** Whether a line of any GPU ever came. */
    boolean answered() {
        synchronized (latest) {
            return !latest.isEmpty();
        }
    }

    /** Whether the child exited (or its output closed): it answers no more. */
    boolean ended() {
        return ended || !process.isAlive();
    }

    /** How long ago, at {@code nowNanos}, the child was started. */
    Duration age(long nowNanos) {
        return Duration.ofNanos(nowNanos - startedNanos);
    }

    /** The child's process id (for tests). */
    long pid() {
        return process.pid();
    }

    /** Ends the child (and any child of its own); idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already exiting: the hook runs (or ran) this very close.
            }
        }
    }
}
