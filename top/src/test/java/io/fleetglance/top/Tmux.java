package io.fleetglance.top;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A detached tmux session of a fixed size on a private server socket: the terminal the tests drive {@code top} in.
 * Always killed on close, server and all.
 */
final class Tmux implements AutoCloseable {

    static final Path SCREENS = Path.of("target", "screens");
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final String socket;

    private Tmux(String socket) {
        this.socket = socket;
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A session {@code width} x {@code height} running a plain shell with the prompt {@code PROMPT$ }. */
    static Tmux shell(int width, int height) throws IOException, InterruptedException {
        return shell(width, height, Map.of());
    }

    /**
     * A session whose shell also has {@code environment}: given to the tmux server as it starts, so that a secret
     * (a password) is never typed on a command line.
     */
    static Tmux shell(int width, int height, Map<String, String> environment)
            throws IOException, InterruptedException {
        Tmux t = new Tmux("fgtop-" + ProcessHandle.current().pid() + "-" + SESSIONS.incrementAndGet());
        t.tmux(environment, "-f", "/dev/null", "new-session", "-d", "-s", "top", "-x", Integer.toString(width), "-y",
                Integer.toString(height), "env", "PS1=PROMPT$ ", "TERM=screen-256color", "LANG=C.UTF-8",
                "bash", "--norc", "--noprofile");
        t.tmux("set-option", "-g", "status", "off");
        t.awaitScreen(Duration.ofSeconds(10), s -> s.contains("PROMPT$"));
        return t;
    }

    /** Types a command line into the shell and presses Enter. */
    void run(List<String> command) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder();
        for (String arg : command) {
            line.append(line.length() == 0 ? "" : " ").append('\'').append(arg.replace("'", "'\\''")).append('\'');
        }
        tmux("send-keys", "-t", "top", "-l", line.toString());
        keys("Enter");
    }

    /** tmux key names ({@code Enter}, {@code Escape}, {@code Down}, {@code C-c}) or single characters. */
    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "top"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    void literal(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "top", "-l", text);
    }

    void resize(int width, int height) throws IOException, InterruptedException {
        tmux("resize-window", "-t", "top", "-x", Integer.toString(width), "-y", Integer.toString(height));
    }

    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", "top");
    }

    /** The screen with its colours and attributes as escape sequences. */
    String styledScreen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-e", "-t", "top");
    }

    boolean alternateScreen() throws IOException, InterruptedException {
        return tmux("display-message", "-p", "-t", "top", "#{alternate_on}").trim().equals("1");
    }

    /** Polls the screen until {@code condition} holds; the last screen either way. */
    String awaitScreen(Duration timeout, Predicate<String> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String s = screen();
        while (!condition.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = screen();
        }
        return s;
    }

    boolean await(Duration timeout, Check condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.holds();
    }

    /** A condition that may ask tmux. */
    interface Check {
        boolean holds() throws IOException, InterruptedException;
    }

    /** Saves the current screen as {@code target/screens/NAME.txt} and returns it. */
    String save(String name) throws IOException, InterruptedException {
        String s = screen();
        Files.createDirectories(SCREENS);
        Files.writeString(SCREENS.resolve(name + ".txt"), s, StandardCharsets.UTF_8);
        return s;
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        return tmux(Map.of(), args);
    }

    private String tmux(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + text);
        }
        return text;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            tmux("kill-server");
        } catch (IOException e) {
            // the server is already gone with its last session
        }
    }
}
