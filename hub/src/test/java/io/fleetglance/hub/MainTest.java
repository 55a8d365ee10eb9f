package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line refuses what it cannot use with one clear line, before anything listens. */
class MainTest {

    private static String run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertEquals(2, code, err.toString());
        return err.toString();
    }

    @Test
    void aMalformedConfigurationStopsTheHubNamingFileLineAndKey(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("glances.conf");
        Files.writeString(conf, "[global]\nrefresh=2\n[cpu]\ntotal_careful=sixty\n");
        String err = run("hub", "--no-local-agent", "--port", "0", "--ingest-port", "0", "-C", conf.toString());
        assertTrue(err.contains(conf + ":4"), err);
        assertTrue(err.contains("total_careful"), err);
    }

    @Test
    void aMissingConfigurationFileIsAnError(@TempDir Path dir) {
        String err = run("hub", "--no-local-agent", "-C", dir.resolve("nope.conf").toString());
        assertTrue(err.contains("nope.conf"), err);
    }

    @Test
    void aBadPeriodOrHubAddressIsRefused() {
        assertTrue(run("hub", "--period", "0.2").contains("--period"));
        assertTrue(run("agent", "--hub", "hub:notaport").contains("is not a number"));
        assertTrue(run("agent", "--hub", "127.0.0.1:9", "--outbox-mib", "64").contains("--outbox-mib"));
    }
}
