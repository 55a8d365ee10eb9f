package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/install.sh run for real into a scratch root, and the systemd units it writes checked by systemd's own
 * {@code systemd-analyze verify} (Debian's systemd package; skipped, saying so, without it).
 */
class PackagingTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private record Run(int code, String output) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(REPO.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(p.exitValue(), out);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void installsJarsUnitsAndRootOnlySettingsThatSystemdAccepts(@TempDir Path scratch) throws Exception {
        Path jars = Files.createDirectories(scratch.resolve("jars"));
        Files.writeString(jars.resolve("fleetglance-hub.jar"), "hub");
        Files.writeString(jars.resolve("fleetglance-agent.jar"), "agent");
        Path root = scratch.resolve("root");

        Run install = run(List.of("bash", "packaging/install.sh", "--root", root.toString()),
                Map.of("FLEETGLANCE_JARS", jars.toString()));
        assertEquals(0, install.code(), install.output());
        assertEquals("hub", Files.readString(root.resolve("opt/fleetglance/fleetglance-hub.jar")));
        Path units = root.resolve("etc/systemd/system");
        String hubUnit = Files.readString(units.resolve("fleetglance-hub.service"));
        String agentUnit = Files.readString(units.resolve("fleetglance-agent.service"));
        for (String unit : List.of(hubUnit, agentUnit)) {
            assertTrue(!unit.contains("@"), "every placeholder filled: " + unit);
            for (String hardening : List.of("DynamicUser=yes", "ProtectSystem=strict", "ReadOnlyPaths=",
                    "NoNewPrivileges=yes", "CapabilityBoundingSet=\n", "Restart=on-failure", "StateDirectory=")) {
                assertTrue(unit.contains(hardening), hardening + " in " + unit);
            }
        }
        assertTrue(agentUnit.contains(Files.readString(REPO.resolve("agent/jvm.options")).strip()),
                "the agent runs with its tuned JVM flags");
        assertTrue(Files.isExecutable(root.resolve("opt/fleetglance/hub-heap"))
                && hubUnit.contains("/opt/fleetglance/hub-heap \"$$STATE_DIRECTORY\"")
                && hubUnit.contains(" $$FLEETGLANCE_HUB_JAVA_OPTS) "),
                "the hub's JVM is sized for its fleet, after the operator's flags: " + hubUnit);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("etc/fleetglance/hub.env"))), "secrets are root-only");

        // Run again over the first install: settings kept, jars replaced.
        Files.writeString(root.resolve("etc/fleetglance/agent.env"), "FLEETGLANCE_HUB=h:1\n");
        Files.writeString(jars.resolve("fleetglance-hub.jar"), "hub 2");
        assertEquals(0, run(List.of("bash", "packaging/install.sh", "--root", root.toString()),
                Map.of("FLEETGLANCE_JARS", jars.toString())).code());
        assertEquals("FLEETGLANCE_HUB=h:1\n", Files.readString(root.resolve("etc/fleetglance/agent.env")));
        assertEquals("hub 2", Files.readString(root.resolve("opt/fleetglance/fleetglance-hub.jar")));

        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is absent (apt-get install systemd): units not verified");
        List<String> verify = new ArrayList<>(List.of("systemd-analyze", "verify"));
        verify.add(units.resolve("fleetglance-hub.service").toString());
        verify.add(units.resolve("fleetglance-agent.service").toString());
        Run verified = run(verify, Map.of());
        assertEquals(0, verified.code(), verified.output());
        assertEquals("", verified.output().lines().filter(l -> l.contains("fleetglance"))
                .reduce("", (a, b) -> a + b + "\n"), "no warning about our units");
    }
}
