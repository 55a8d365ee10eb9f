package io.fleetglance.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDefaultsTest {

    @Test
    void ioWaitAndContextSwitchDefaultsFollowTheCpuCount() {
        GlancesConfig two = GlancesConfig.empty().withGlancesDefaults(2);
        assertEquals(List.of("40.0", "45.0", "50.0"), cwc(two, "cpu", "iowait_"));
        assertEquals(List.of("80000.0", "90000.0", "100000.0"), cwc(two, "cpu", "ctx_switches_"));

        GlancesConfig three = GlancesConfig.empty().withGlancesDefaults(3);
        // str() of Python's float results, digit for digit
        assertEquals(List.of("26.666666666666664", "29.999999999999996", "33.33333333333333"), cwc(three, "cpu", "iowait_"));
        assertEquals(List.of("120000.0", "135000.0", "150000.0"), cwc(three, "cpu", "ctx_switches_"));

        GlancesConfig many = GlancesConfig.empty().withGlancesDefaults(256);
        assertEquals("12800000.0", many.get("cpu", "ctx_switches_critical").orElseThrow());
    }

    @Test
    void defaultsFillOnlyMissingKeysAndSectionsInGlancesOrder() {
        GlancesConfig file = GlancesConfig.parse("g", List.of("[mem]", "careful=10", "[cpu]", "iowait_careful=5"));
        GlancesConfig effective = file.withGlancesDefaults(2);
        assertEquals("10", effective.get("mem", "careful").orElseThrow());
        assertEquals("70", effective.get("mem", "warning").orElseThrow());
        assertEquals("5", effective.get("cpu", "iowait_careful").orElseThrow());
        assertEquals("45.0", effective.get("cpu", "iowait_warning").orElseThrow());
        assertEquals(List.of("mem", "cpu", "global", "quicklook", "percpu", "load", "memswap", "network", "fs",
                "sensors", "processlist"), effective.sectionNames());
        assertEquals(GlancesConfig.BUILT_IN, effective.line("mem", "warning").orElseThrow());
        assertEquals(2, effective.line("mem", "careful").orElseThrow());
        assertFalse(effective.get("cpu", "total_careful").isPresent(), "without a file there is no cpu total limit");
        assertFalse(effective.get("global", "history_size").isPresent(), "history_size has a code default only");
        assertEquals("", effective.get("global", "strftime_format").orElseThrow());
        assertEquals(List.of("0.7", "1.0", "5.0"), cwc(effective, "load", ""));
        assertEquals(List.of("70", "80", "90"), cwc(effective, "sensors", "battery_"));
    }

    @Test
    void aHostHasAtLeastOneCpu() {
        assertThrows(IllegalArgumentException.class, () -> GlancesConfig.empty().withGlancesDefaults(0));
    }

    private static List<String> cwc(GlancesConfig c, String section, String prefix) {
        return List.of(c.get(section, prefix + "careful").orElseThrow(), c.get(section, prefix + "warning").orElseThrow(),
                c.get(section, prefix + "critical").orElseThrow());
    }
}
