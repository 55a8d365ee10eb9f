package io.fleetglance.agent.collect;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a fixed, agent-chosen tool (nvidia-smi, smartctl, virsh, multipass; never a command the hub sends) with a
 * deadline and takes its standard output. The tool's output goes to a temporary file rather than a pipe: a tool that
 * hangs, or leaves a child holding the pipe, can then never block the sampler past the deadline.
 */
final class ExternalCommand {

    /** Output beyond this is not read: the tools answer a few kilobytes, more means something else is talking. */
    private static final int MAX_OUTPUT = 4 << 20;

    /** What a finished command answered. */
    record Result(int exitCode, String stdout) {
    }

    private ExternalCommand() {
    }

    /**
     * The executable {@code name} on the agent's {@code PATH}, else in one of {@code fallbackDirs} (daemons often
     * start with a short PATH that lacks {@code /usr/sbin}), or empty when there is none.
     */
    static Optional<Path> locate(String name, List<String> fallbackDirs) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(fallbackDirs);
        for (String dir : dirs) {
            try {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (RuntimeException e) {
                // A malformed PATH entry names no executable; look at the next one.
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code command} with no input and stderr discarded, and returns its exit code and output, or empty when it
     * could not start or did not finish within {@code timeout} (it is then killed, with its children).
     */
    static Optional<Result> run(List<String> command, Duration timeout) {
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("fleetglance-", ".out");
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
            return Optional.of(new Result(process.exitValue(), readCapped(output)));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // A leftover empty temporary file is harmless; the next run uses a new name.
                }
            }
        }
    }

    private static String readCapped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
        }
    }
}
