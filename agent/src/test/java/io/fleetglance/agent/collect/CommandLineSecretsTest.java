package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineSecretsTest {

    private static List<String> mask(String... args) {
        return CommandLineSecrets.mask(new ArrayList<>(List.of(args)));
    }

    @Test
    void hidesTheTokenOfAnAgentInBothForms() {
        assertEquals(List.of("java", "-jar", "fleetglance-agent-0.1.0-all.jar", "--hub", "h:1", "--token",
                        "********", "--name", "a"),
                mask("java", "-jar", "fleetglance-agent-0.1.0-all.jar", "--hub", "h:1", "--token", "s3cret",
                        "--name", "a"));
        assertEquals(List.of("java", "-cp", "x", "io.fleetglance.hub.Main", "hub", "--token=********"),
                mask("java", "-cp", "x", "io.fleetglance.hub.Main", "hub", "--token=s3cret"));
    }

    @Test
    void leavesOtherProgramsAndTokenlessCommandLinesAlone() {
        assertEquals(List.of("vault", "login", "--token", "abc"), mask("vault", "login", "--token", "abc"));
        assertEquals(List.of("java", "-jar", "fleetglance-agent.jar", "--hub", "h"),
                mask("java", "-jar", "fleetglance-agent.jar", "--hub", "h"));
        assertEquals(List.of("fleetglance", "--token"), mask("fleetglance", "--token"), "a trailing option stays");
    }
}
