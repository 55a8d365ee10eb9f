package io.fleetglance.hub.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.config.GlancesConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Glances' threshold actions: only on the hub, only with allow_actions, the right command for the stat and level. */
class ActionRunnerTest {

    private static GlancesConfig config(Path out, boolean allowed) {
        return GlancesConfig.parse("glances.conf", List.of(
                "[outputs]", "allow_actions=" + allowed,
                "[cpu]", "total_critical_action=echo {{host}} {{type}} {{state}} {{max}} > " + out,
                "[mem]", "warning_action=echo mem {{host}} >> " + out));
    }

    @Test
    void findsTheCommandOfAStatAndLevel(@TempDir Path dir) {
        ActionRunner runner = new ActionRunner(config(dir.resolve("x"), true), PluginCatalogue.glances());
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

        ActionRunner runner = new ActionRunner(config(out, true), PluginCatalogue.glances());
        ObjectNode event = new ObjectMapper().createObjectNode().put("type", "CPU_TOTAL").put("state", "CRITICAL")
                .put("max", 99.5).put("begin", 1_795_000_000L).put("end", -1);
        runner.onEvent(null, io.fleetglance.hub.fleet.EventListener.Transition.END, event, "");
        Thread.sleep(300);
        assertFalse(Files.exists(out), "an event's end runs nothing");
        runner.onEvent(hostNamed("web-1"), io.fleetglance.hub.fleet.EventListener.Transition.BEGIN, event, "");
        for (int i = 0; i < 100 && !Files.exists(out); i++) {
            Thread.sleep(50);
        }
        assertEquals("web-1 CPU_TOTAL CRITICAL 99.5", Files.readString(out).trim());
        runner.close();
    }

    private static io.fleetglance.hub.fleet.Host hostNamed(String name) throws Exception {
        return io.fleetglance.hub.fleet.TestHosts.attach(new io.fleetglance.hub.fleet.HostRegistry(
                PluginCatalogue.glances(), GlancesConfig.shipped(), 10, java.time.Clock.systemUTC()), name);
    }
}
