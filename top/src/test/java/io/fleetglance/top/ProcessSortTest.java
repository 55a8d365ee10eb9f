package io.fleetglance.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Glances' sort keys and the filter, on a real process list. */
class ProcessSortTest {

    private final HostStats stats = Fixtures.host();

    @Test
    void sortsDescendingByNumbersAndAscendingByName() {
        List<JsonNode> byCpu = ProcessPanel.visible(stats, ProcessSort.CPU, ProcessFilter.NONE);
        assertEquals(78, byCpu.size());
        for (int i = 1; i < byCpu.size(); i++) {
            assertTrue(ProcessSort.CPU.value(byCpu.get(i - 1)) >= ProcessSort.CPU.value(byCpu.get(i)));
        }
        List<JsonNode> byTime = ProcessPanel.visible(stats, ProcessSort.TIME, ProcessFilter.NONE);
        for (int i = 1; i < byTime.size(); i++) {
            assertTrue(ProcessSort.TIME.value(byTime.get(i - 1)) >= ProcessSort.TIME.value(byTime.get(i)));
        }
        List<JsonNode> byName = ProcessPanel.visible(stats, ProcessSort.NAME, ProcessFilter.NONE);
        for (int i = 1; i < byName.size(); i++) {
            assertTrue(byName.get(i - 1).path("name").asText().compareToIgnoreCase(
                    byName.get(i).path("name").asText()) <= 0);
        }
    }

    @Test
    void autoSortIsCpuUnlessAnOngoingEventAsksOtherwise() {
        assertEquals(ProcessSort.CPU, ProcessSort.AUTO.effective(stats.list("alert")), "a finished event");
        assertEquals(ProcessSort.MEM, ProcessSort.ofKey('m'));
        assertEquals(ProcessSort.IO, ProcessSort.ofKey('i'));
    }

    @Test
    void filtersByRegexOnNameOrCommandOrByField() {
        List<JsonNode> api = ProcessPanel.visible(stats, ProcessSort.CPU, ProcessFilter.of("process_a.i"));
        assertEquals(1, api.size());
        assertEquals(1, api.get(0).path("pid").asInt());
        assertEquals(0, ProcessPanel.visible(stats, ProcessSort.CPU, ProcessFilter.of("username:nobody-here"))
                .size());
        assertEquals(78, ProcessPanel.visible(stats, ProcessSort.CPU, ProcessFilter.of("username:root")).size()
                + ProcessPanel.visible(stats, ProcessSort.CPU, ProcessFilter.of("username:^(?!root$)")).size());
        assertEquals(0, ProcessPanel.visible(stats, ProcessSort.CPU, ProcessFilter.of("[unclosed")).size());
    }

    @Test
    void printsNumbersAsGlancesDoes() {
        assertEquals("2K", Units.auto(2048, false));
        assertEquals("1.50M", Units.auto(1.5 * 1024 * 1024, false));
        assertEquals("118M", Units.auto(123456789, false));
        assertEquals("23.6G", Units.auto(25325268992.0, false));
        assertEquals("500", Units.auto(500, false));
        assertEquals("1:15.50", Units.cpuTime(75.5));
        assertEquals("1h02:05", Units.cpuTime(3725));
        assertEquals("120h", Units.cpuTime(120 * 3600));
    }
}
