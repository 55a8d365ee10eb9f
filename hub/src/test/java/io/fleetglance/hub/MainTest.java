package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Properties;
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
    void aBadHubFlagIsOneLineNamingItNotTheWholeUsage() {
        String err = run("hub", "--prot", "61208");
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains("'--prot'") && err.contains("(see --help)"), err);
        assertFalse(err.contains("Usage"), err);
        String value = run("hub", "--port", "http");
        assertEquals(1, value.strip().lines().count(), value);
        assertTrue(value.contains("--port") && value.contains("http"), value);
    }

    @Test
    void aPortInUseNamesThePortAndTheFlagWithoutJavaExceptionText() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            String err = run("hub", "--no-local-agent", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                    "--ingest-port", "0");
            assertEquals(1, err.strip().lines().count(), err);
            assertTrue(err.contains("port " + port + " on 127.0.0.1 is already in use"), err);
            assertTrue(err.contains("--port"), err);
            assertFalse(err.contains("java.") || err.contains("Exception"), err);

            String ingest = run("hub", "--no-local-agent", "--bind", "127.0.0.1", "--port", "0",
                    "--ingest-port", String.valueOf(port));
            assertTrue(ingest.contains("port " + port) && ingest.contains("--ingest-port"), ingest);
            assertFalse(ingest.contains("java.") || ingest.contains("Exception"), ingest);
        }
    }

    @Test
    void aMissingConfigurationFileSaysSoForTheHubAndTheAgent(@TempDir Path dir) {
        Path missing = dir.resolve("missing.conf");
        for (String err : List.of(run("hub", "--no-local-agent", "-C", missing.toString()),
                run("agent", "--hub", "127.0.0.1:9", "--state-dir", dir.toString(), "-C", missing.toString()))) {
            assertEquals(1, err.strip().lines().count(), err);
            assertTrue(err.contains("-C " + missing + ": no such file"), err);
            assertTrue(err.contains("leave -C out"), err);
        }
    }

    @Test
    void logLinesCarryTheirTime() throws Exception {
        Properties simple = new Properties();
        try (var in = Main.class.getResourceAsStream("/simplelogger.properties")) {
            simple.load(in);
        }
        assertEquals("true", simple.getProperty("org.slf4j.simpleLogger.showDateTime"));
        String format = simple.getProperty("org.slf4j.simpleLogger.dateTimeFormat");
        // slf4j-simple formats with SimpleDateFormat: the pattern must be valid and carry the date and the seconds.
        String stamp = new SimpleDateFormat(format).format(new Date(0));
        assertTrue(stamp.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}.*"), stamp);
    }

    @Test
    void aBadPeriodOrHubAddressIsRefused() {
        assertTrue(run("hub", "--period", "0.2").contains("--period"));
        assertTrue(run("agent", "--hub", "hub:notaport").contains("is not a number"));
        assertTrue(run("agent", "--hub", "127.0.0.1:9", "--outbox-mib", "64").contains("--outbox-mib"));
    }
}
