package io.fleetglance.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocatorTest {

    @TempDir
    Path tmp;

    @Test
    void searchesCommandLineThenUserThenSystem() {
        ConfigLocator locator = new ConfigLocator(Path.of("/home/u"), Optional.empty(), Path.of("/etc"));
        assertEquals(List.of(Path.of("/x/g.conf"), Path.of("/home/u/.config/glances/glances.conf"),
                Path.of("/etc/glances/glances.conf")), locator.candidates(Optional.of(Path.of("/x/g.conf"))));
        ConfigLocator xdg = new ConfigLocator(Path.of("/home/u"), Optional.of(Path.of("/xdg")), Path.of("/etc"));
        assertEquals(Path.of("/xdg/glances/glances.conf"), xdg.candidates(Optional.empty()).get(0));
    }

    @Test
    void firstFileFoundIsUsedWhole() throws IOException {
        Path home = tmp.resolve("home");
        Path etc = tmp.resolve("etc");
        write(etc.resolve("glances/glances.conf"), "[mem]\ncareful=10\n");
        write(home.resolve(".config/glances/glances.conf"), "[mem]\nwarning=20\n");
        GlancesConfig found = new ConfigLocator(home, Optional.empty(), etc).load(Optional.empty());
        assertEquals(Optional.of("20"), found.get("mem", "warning"));
        assertEquals(Optional.empty(), found.get("mem", "careful"));
    }

    @Test
    void noFileMeansTheShippedConfiguration() throws IOException {
        GlancesConfig found = new ConfigLocator(tmp, Optional.empty(), tmp).load(Optional.empty());
        assertEquals(Optional.of("65"), found.get("cpu", "total_careful"));
    }

    @Test
    void missingCommandLineFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLocator(tmp, Optional.empty(), tmp).load(Optional.of(tmp.resolve("nope.conf"))));
        assertEquals(tmp.resolve("nope.conf").toString(), e.source());
    }

    @Test
    void invalidFileFoundFailsWithItsLine() throws IOException {
        Path file = tmp.resolve("g.conf");
        write(file, "[alert]\n\nmin_duration=soon\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLocator(tmp, Optional.empty(), tmp).load(Optional.of(file)));
        assertEquals(3, e.line());
        assertEquals("min_duration", e.key());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
