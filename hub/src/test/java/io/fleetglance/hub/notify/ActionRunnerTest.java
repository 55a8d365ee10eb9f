package io.fleetglance.hub.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.common.events.EventChange.Transition;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.HostRegistry;
import io.fleetglance.hub.fleet.TestHosts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Glances' threshold actions: only on the hub, only with allow_actions, the right command for the stat and level. */
class ActionRunnerTest {

    private static GlancesConfig config(Path out, boolean allowed) {
        return GlancesConfig.parse("glances.conf", List.of(
                "[outputs]", "allow_actions=" + allowed,
                "[cpu]", "total_critical_action=echo {{host}} {{type}} {{state}} {{max}} >> " + out,
                "[mem]", "warning_action=echo mem {{host}} >> " + out));
    }

    @Test
    void findsTheCommandOfAStatAndLevel(@TempDir Path dir) {
        ActionRunner runner = new ActionRunner(config(dir.resolve("x"), true), GlancesPlugins.catalogue());
        assertTrue(runner.commandFor("CPU_TOTAL", "CRITICAL").orElseThrow().startsWith("echo {{host}}"));
        assertEquals(Optional.empty(), runner.commandFor("CPU_TOTAL", "WARNING"));
        assertTrue(runner.commandFor("MEM", "WARNING").orElseThrow().startsWith("echo mem"));
        assertEquals(Optional.empty(), runner.commandFor("HOST_DOWN", "CRITICAL"));
        runner.close();
    }

    @Test
    void runsTheCommandWithTheEventsValuesOnlyWhenAllowed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("action.out");
        assertFalse(ActionRunner.allowed(config(out, false)), "actions are off unless the file allows them");
        assertTrue(ActionRunner.allowed(config(out, true)));

        ActionRunner runner = new ActionRunner(config(out, true), GlancesPlugins.catalogue());
        ObjectNode event = new ObjectMapper().createObjectNode().put("type", "CPU_TOTAL").put("state", "CRITICAL")
                .put("max", 99.5).put("begin", 1_795_000_000L).put("end", -1);
        runner.onEvent(hostNamed("web-1"), Transition.END, event, "");
        runner.onEvent(hostNamed("web-1"), Transition.BEGIN, event, "");
        assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> text(out).endsWith("\n")), "the begin's action ran");
        runner.close();

        // Actions run one at a time in order, and the command appends: had the end run anything, its line would
        // come first.
        assertEquals(List.of("web-1 CPU_TOTAL CRITICAL 99.5"), Files.readAllLines(out));
    }

    private static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Host hostNamed(String name) throws Exception {
        return TestHosts.attach(new HostRegistry(GlancesPlugins.catalogue(), GlancesConfig.shipped(), 10,
                Clock.systemUTC()), name);
    }
}
