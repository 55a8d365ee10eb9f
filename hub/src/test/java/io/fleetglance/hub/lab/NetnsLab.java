package io.fleetglance.hub.lab;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Separate hosts made of network namespaces: a "switch" namespace holding a bridge, and one namespace per host, each
 * joined to the bridge by a veth pair whose host end is {@code eth0} with a 10.x address. Every link and address lives
 * only inside the namespaces this lab creates, so nothing of the machine's own network is touched, and deleting the
 * namespaces deletes everything.
 *
 * <p>Namespaces are named {@code fg-lab-<pid of the test JVM>-<role>}, so concurrent runs never collide, and a run
 * that died before cleaning up is recognised by its pid no longer being alive.
 */
final class NetnsLab implements AutoCloseable {

    static final String PREFIX = "fg-lab-";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-([a-z0-9]+)");
    private static final String BRIDGE = "br0";

    private final String run;
    private final String switchNs;
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> ports = new ArrayList<>();

    NetnsLab(long pid) {
        this.run = PREFIX + pid + "-";
        this.switchNs = run + "sw";
    }

    /** Whether {@code ip netns} can be used here. */
    static boolean available() {
        try {
            Result r = exec(List.of("ip", "netns", "list"), 10);
            return r.code == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes namespaces of this naming scheme whose test JVM is no longer alive; returns their names. */
    static List<String> removeStale() throws IOException {
        List<String> removed = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (String ns : list()) {
            Matcher m = OURS.matcher(ns);
            if (!m.matches()) {
                continue;
            }
            long pid = Long.parseLong(m.group(1));
            if (pid != self && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue; // another run, still going
            }
            if (pid != self) {
                exec(List.of("ip", "netns", "delete", ns), 10);
                removed.add(ns);
            }
        }
        return removed;
    }

    static List<String> list() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : exec(List.of("ip", "netns", "list"), 10).out.split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    /** The namespace of {@code role} in this lab. */
    String ns(String role) {
        return run + role;
    }

    /** Creates the switch: a namespace holding a bridge. */
    void createSwitch() throws IOException {
        addNamespace(switchNs);
        ip("-n", switchNs, "link", "add", BRIDGE, "type", "bridge");
        ip("-n", switchNs, "link", "set", BRIDGE, "up");
    }

    /**
     * Creates the namespace of {@code role} and plugs it into the switch: {@code eth0} with {@code cidr} inside it, the
     * other end named {@code role} on the bridge.
     */
    String addHost(String role, String cidr) throws IOException {
        String ns = ns(role);
        addNamespace(ns);
        ip("-n", ns, "link", "set", "lo", "up");
        // Both ends are created directly in their namespaces: no name ever appears in the machine's own namespace.
        ip("-n", switchNs, "link", "add", role, "type", "veth", "peer", "name", "eth0", "netns", ns);
        ports.add(role);
        ip("-n", switchNs, "link", "set", role, "master", BRIDGE);
        ip("-n", switchNs, "link", "set", role, "up");
        ip("-n", ns, "addr", "add", cidr, "dev", "eth0");
        ip("-n", ns, "link", "set", "eth0", "up");
        return ns;
    }

    /** Unplugs ({@code false}) or plugs back ({@code true}) the cable of {@code role}: its port on the switch. */
    void link(String role, boolean up) throws IOException {
        ip("-n", switchNs, "link", "set", role, up ? "up" : "down");
    }

    private void addNamespace(String ns) throws IOException {
        ip("netns", "add", ns);
        namespaces.add(ns);
    }

    /** Deletes the links and namespaces this lab created, the switch last; never throws. */
    @Override
    public void close() {
        for (String port : ports) {
            quietly("-n", switchNs, "link", "delete", port);
        }
        ports.clear();
        List<String> reversed = new ArrayList<>(namespaces);
        Collections.reverse(reversed);
        for (String ns : reversed) {
            quietly("netns", "delete", ns);
        }
        namespaces.clear();
    }

    private static void quietly(String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("ip"));
            cmd.addAll(List.of(args));
            exec(cmd, 10);
        } catch (IOException ignored) {
            // cleaning up: go on with the rest
        }
    }

    static String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Result r = exec(cmd, 10);
        if (r.code != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + r.code + "): " + r.out.trim());
        }
        return r.out;
    }

    private record Result(int code, String out) {
    }

    private static Result exec(List<String> cmd, int timeoutSeconds) throws IOException {
        Path output = Files.createTempFile("fg-lab-ip", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    throw new IOException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + String.join(" ", cmd), e);
            }
            try (InputStream in = Files.newInputStream(output)) {
                return new Result(p.exitValue(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
