package io.fleetglance.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlancesConfigTest {

    @Test
    void readsSectionsKeysAndValuesAsWritten() {
        GlancesConfig c = GlancesConfig.parse("glances.conf", List.of(
                "# comment",
                "[global]",
                "refresh=2",
                "History_Size = 1200",
                "",
                "[network]",
                "hide=docker.*,lo",
                "; another comment"));
        assertEquals(List.of("global", "network"), c.sectionNames());
        assertEquals("2", c.get("global", "refresh").orElseThrow());
        assertEquals(1200.0, c.getDouble("global", "history_size", 0));
        assertEquals("docker.*,lo", c.section("network").get("hide"));
        assertEquals(7.0, c.getDouble("global", "absent", 7.0));
        assertFalse(c.get("nosection", "x").isPresent());
    }

    @Test
    void malformedLinesNameFileLineAndKey() {
        ConfigException noEquals = assertThrows(ConfigException.class,
                () -> GlancesConfig.parse("my.conf", List.of("[global]", "refresh")));
        assertEquals("my.conf", noEquals.source());
        assertEquals(2, noEquals.line());
        assertTrue(noEquals.getMessage().startsWith("my.conf:2: expected key=value"), noEquals.getMessage());

        ConfigException outside = assertThrows(ConfigException.class,
                () -> GlancesConfig.parse("my.conf", List.of("refresh=2")));
        assertEquals("refresh", outside.key());

        GlancesConfig c = GlancesConfig.parse("my.conf", List.of("[global]", "", "history_size=lots"));
        ConfigException notNumber = assertThrows(ConfigException.class,
                () -> c.getDouble("global", "history_size", 1200));
        assertEquals(3, notNumber.line());
        assertEquals("history_size", notNumber.key());
        assertTrue(notNumber.getMessage().contains("is not a number"));
    }

    @Test
    void readsGlancesBooleans() {
        GlancesConfig c = GlancesConfig.parse("g", List.of("[cpu]", "disable=False", "x=yes", "y=maybe"));
        assertFalse(c.getBoolean("cpu", "disable", true));
        assertTrue(c.getBoolean("cpu", "x", false));
        assertThrows(ConfigException.class, () -> c.getBoolean("cpu", "y", false));
    }
}
