package io.fleetglance.agent.collect;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a read-only command of a fixed, agent-chosen program (never one the hub sends) and returns what it printed,
 * within a timeout. The output goes to a temporary file rather than a pipe, so a chatty program cannot block on a
 * full pipe while the agent waits for it; a program still running at the timeout is killed.
 */
final class CommandOutput {

    private CommandOutput() {
    }

    /** The standard output of {@code command}, or empty when it cannot start, fails, or outlives {@code timeout}. */
    static Optional<String> of(List<String> command, Duration timeout) {
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("fleetglance-", ".out");
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
            return Optional.empty();
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}
