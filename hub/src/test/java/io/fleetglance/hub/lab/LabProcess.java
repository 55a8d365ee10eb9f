package io.fleetglance.hub.lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of the test's own classpath started inside a lab namespace ({@code ip netns exec NS timeout ... java ...}).
 * {@code ip netns exec} replaces itself with {@code timeout}, which bounds the JVM's life even if the test JVM dies
 * without cleaning up, and passes on the signal when the process is stopped. Stopping ends only this process and the
 * JVM it started, by their handles.
 */
final class LabProcess {

    /** Longest a lab process may live, whatever happens to the test. */
    static final int MAX_LIFETIME_SECONDS = 240;

    final String name;
    final Path log;
    final Process process;

    private LabProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code mainClass} with {@code jvmFlags} and {@code args} in namespace {@code ns}; output goes to a log. */
    static LabProcess start(String ns, String name, Path logDir, List<String> jvmFlags, String mainClass,
            List<String> args, boolean pipeStdio) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                "timeout", "--kill-after=5", String.valueOf(MAX_LIFETIME_SECONDS), javaCommand()));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", classPath(), mainClass));
        cmd.addAll(args);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        if (!pipeStdio) {
            pb.redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        return new LabProcess(name, log, pb.start());
    }

    /** The java executable of the test JVM itself. */
    static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The test JVM's classpath: hub, agent, common and proto classes, their dependencies and the test classes. */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Asks the process to stop (SIGTERM, so the JVM runs its shutdown hooks), then forces it; never throws. */
    void stop() {
        // Taken before signalling: once timeout is gone its JVM is no longer its descendant.
        List<ProcessHandle> started = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                started.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle h : started) {
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            started.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code lines} lines of the process's log. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
