package io.fleetglance.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.agent.tls.HubTrust;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent's command line: both option forms, the environment, the defaults, and one clear line for a mistake. */
class AgentCommandTest {

    private static AgentCommand.Options parse(Map<String, String> env, String... args) {
        return AgentCommand.parse(List.of(args), env);
    }

    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), args)).getMessage();
    }

    @Test
    void everyOptionInBothForms() {
        AgentCommand.Options o = parse(Map.of(), "--hub", "hub.lan:7000", "--name=web-1", "--period", "1.5",
                "--token=s3cret", "--root", "/host", "-C", "my.conf", "--outbox=10", "--outbox-mib", "0.5",
                "--state-dir=/var/lib/fg", "--token-file", "/etc/fg/token", "--ca=/etc/fg/ca.pem",
                "--hub-fingerprint", "sha256:00", "--insecure");
        assertEquals(new AgentCommand.Options("hub.lan:7000", "web-1", 1.5, "s3cret", Path.of("/host"),
                Path.of("my.conf"), 10, 0.5, Path.of("/var/lib/fg"), Path.of("/etc/fg/token"),
                Path.of("/etc/fg/ca.pem"), "sha256:00", true, true), o);
        assertEquals(Path.of("a.conf"), parse(Map.of(), "--hub=h", "-Ca.conf").configFile());
        assertEquals(Path.of("b.conf"), parse(Map.of(), "--hub=h", "-C=b.conf").configFile());
        assertEquals(Path.of("c.conf"), parse(Map.of(), "--hub=h", "--config", "c.conf").configFile());
        assertEquals("a=b", parse(Map.of(), "--hub=h", "--token=a=b").token(), "only the first '=' splits");
    }

    @Test
    void defaultsAndTheEnvironment() {
        AgentCommand.Options o = parse(Map.of(), "--hub", "h");
        assertEquals(new AgentCommand.Options("h", null, 2, null, Path.of("/"), null, 900, 8, null, null, null, null, false, false), o);
        Map<String, String> env = Map.of("FLEETGLANCE_HUB", "env-hub:1", "FLEETGLANCE_NAME", "env-name",
                "FLEETGLANCE_TOKEN", "env-token", "FLEETGLANCE_ROOT", "/host");
        AgentCommand.Options fromEnv = parse(env);
        assertEquals("env-hub:1", fromEnv.hub());
        assertEquals("env-name", fromEnv.name());
        assertEquals("env-token", fromEnv.token());
        assertEquals(Path.of("/host"), fromEnv.root());
        assertEquals("cli", parse(env, "--hub", "cli").hub(), "an option wins over the environment");
        assertNull(parse(Map.of("FLEETGLANCE_NAME", ""), "--hub=h").name(), "an empty variable is unset");
    }

    @Test
    void mistakesAreOneClearLine() {
        assertEquals("the hub's address is missing: --hub=HOST:PORT (or FLEETGLANCE_HUB)", refusal());
        assertEquals("unknown option '--hubb' (see --help)", refusal("--hubb", "h"));
        assertEquals("unexpected argument 'extra' (see --help)", refusal("--hub", "h", "extra"));
        assertEquals("option '--period' needs a value (see --help)", refusal("--hub", "h", "--period"));
        assertEquals("option '--hub' is given more than once", refusal("--hub", "a", "--hub=b"));
        assertEquals("option '--config' is given more than once", refusal("--hub=h", "-C", "a", "--config=b"));
        assertEquals("invalid value for option '--period': 'often' is not a number",
                refusal("--hub", "h", "--period", "often"));
        assertEquals("invalid value for option '--period': 'NaN' is not a number",
                refusal("--hub", "h", "--period", "NaN"));
        assertEquals("invalid value for option '--outbox': '1.5' is not a whole number",
                refusal("--hub", "h", "--outbox", "1.5"));
    }

    @Test
    @Timeout(30)   // were a refusal to regress, the agent would run: fail rather than wait for it
    void valuesTheAgentCannotUseStopItWithExitCode2(@TempDir Path dir) throws Exception {
        assertTrue(run(dir, "--hub", "hub:notaport").contains("fleetglance agent: hub address 'hub:notaport': port "
                + "'notaport' is not a number"));
        assertTrue(run(dir, "--hub", "127.0.0.1:9", "--period", "0.5").contains("--period must be between 1"));
        assertTrue(run(dir, "--hub", "127.0.0.1:9", "--outbox-mib", "64").contains("--outbox-mib"));
        assertTrue(run(dir, "--hub", "127.0.0.1:9", "--frobnicate").contains("unknown option '--frobnicate'"));
        Path conf = dir.resolve("glances.conf");
        Files.writeString(conf, "[cpu]\nuser_careful=lots\n");
        String err = run(dir, "--hub", "127.0.0.1:9", "--name", "n", "-C", conf.toString());
        assertTrue(err.contains(conf + ":2"), err);
        assertTrue(run(dir, "--hub", "127.0.0.1:9", "--name", "n", "-C", dir.resolve("nope.conf").toString())
                .contains("nope.conf"));
    }

    @Test
    @Timeout(30)
    void aStateDirItCannotUseStopsItWithOneClearLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("state"), "a file, not a directory");
        for (Path stateDir : List.of(file, file.resolve("below"))) {
            StringWriter err = new StringWriter();
            int code = AgentCommand.run(List.of("--hub", "127.0.0.1:9", "--name", "n", "--state-dir",
                    stateDir.toString()), Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().startsWith("fleetglance agent: "), err.toString());
            assertTrue(err.toString().contains(stateDir.toString()), err.toString());
            assertTrue(err.toString().contains("give --state-dir a directory"), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
        }
    }

    @Test
    void helpListsEveryOptionAndVersionPrintsTheVersion() {
        StringWriter out = new StringWriter();
        assertEquals(0, AgentCommand.run(List.of("--help"), Map.of(), new PrintWriter(out), new PrintWriter(
                new StringWriter())));
        for (String option : List.of("--hub=", "--name=", "--period=", "--token=", "--root=", "-C, --config=",
                "--outbox=", "--outbox-mib=", "--state-dir=", "-h, --help", "-V, --version")) {
            assertTrue(out.toString().contains(option), option + " in\n" + out);
        }
        StringWriter version = new StringWriter();
        assertEquals(0, AgentCommand.run(List.of("-V"), Map.of(), new PrintWriter(version),
                new PrintWriter(new StringWriter())));
        assertEquals("fleetglance agent " + Agent.VERSION, version.toString().trim());
    }

    private static String run(Path dir, String... args) {
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--state-dir=" + dir);
        int code = AgentCommand.run(all, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code, err.toString());
        return err.toString();
    }

    @Test
    void theTokenComesFromAFileOrTheEnvironmentAndTheHubIsVerifiedOneWay(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-file\n");
        assertEquals("from-file", AgentCommand.token(parse(Map.of(), "--hub=h", "--token-file", file.toString())));
        assertEquals("from-env", AgentCommand.token(parse(Map.of("FLEETGLANCE_TOKEN", "from-env"), "--hub=h")));
        assertThrows(IllegalArgumentException.class, () -> AgentCommand.token(parse(Map.of(), "--hub=h",
                "--token-file", file.toString(), "--token", "x")));
        Files.writeString(file, " \n");
        assertThrows(IllegalArgumentException.class, () -> AgentCommand.token(parse(Map.of(), "--hub=h",
                "--token-file", file.toString())));

        assertTrue(AgentCommand.trust(parse(Map.of(), "--hub=h"), dir) instanceof HubTrust.FirstUse,
                "trust on first use by default");
        assertTrue(AgentCommand.trust(parse(Map.of(), "--hub=h", "--insecure"), dir)
                instanceof HubTrust.Insecure);
        assertTrue(AgentCommand.trust(parse(Map.of(), "--hub=h", "--hub-fingerprint", "sha256:" + "0".repeat(64)), dir)
                instanceof HubTrust.Pinned);
        assertThrows(IllegalArgumentException.class, () -> AgentCommand.trust(parse(Map.of(), "--hub=h",
                "--insecure", "--hub-fingerprint", "sha256:" + "0".repeat(64)), dir));
        IOException badCa = assertThrows(IOException.class, () -> AgentCommand.trust(
                parse(Map.of(), "--hub=h", "--ca", file.toString()), dir));
        assertTrue(badCa.getMessage().contains("--ca"), badCa.getMessage());
    }
}
