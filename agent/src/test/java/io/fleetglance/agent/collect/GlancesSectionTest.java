package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class GlancesSectionTest {

    @Test
    void readsKeysWithoutCaseAndValuesStripped() {
        GlancesSection ports = GlancesSection.of(Map.of("ports", Map.of("Port_1_Host", " 192.168.0.1 ")), "ports");

        assertTrue(ports.present());
        assertEquals(Optional.of("192.168.0.1"), ports.get("port_1_host"));
    }

    @Test
    void answersAnAbsentSectionAsUnconfigured() {
        GlancesSection folders = GlancesSection.of(Map.of(), "folders");

        assertFalse(folders.present());
        assertEquals(Optional.empty(), folders.get("folder_1_path"));
        assertEquals(60.0, folders.number("refresh", 60));
    }

    @Test
    void readsNumbersAndCountsGarbageAsAbsent() {
        GlancesSection s = GlancesSection.of(Map.of("x", Map.of("a", "2.5", "b", "3s", "c", "NaN")), "x");

        assertEquals(OptionalDouble.of(2.5), s.number("a"));
        assertEquals(OptionalDouble.empty(), s.number("b"));
        assertEquals(OptionalDouble.empty(), s.number("c"));
    }

    @Test
    void readsBooleansAsGlancesWritesThem() {
        GlancesSection s = GlancesSection.of(Map.of("x", Map.of("a", "True", "b", "false", "c", "maybe")), "x");

        assertTrue(s.isTrue("a"));
        assertFalse(s.isFalse("a"));
        assertTrue(s.isFalse("b"));
        assertFalse(s.isTrue("c"));
        assertFalse(s.isFalse("c"));
        assertFalse(s.isTrue("missing"));
    }

    @Test
    void findsSectionsByPrefixInFileOrder() {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        sections.put("amp_nginx", Map.of("enable", "true"));
        sections.put("ports", Map.of());
        sections.put("amp_dropbox", Map.of("enable", "false"));

        assertEquals(List.of("amp_nginx", "amp_dropbox"),
                List.copyOf(GlancesSection.withPrefix(sections, "amp_").keySet()));
    }
}
