package io.fleetglance.common.events;

import static io.fleetglance.common.events.Level.CAREFUL;
import static io.fleetglance.common.events.Level.CRITICAL;
import static io.fleetglance.common.events.Level.OK;
import static io.fleetglance.common.events.Level.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.GlancesSamples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsListTest {

    private static final long T0 = 1795712000L;
    private static final String MSG = "EVENTS history";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventsList events = new EventsList(EventsSettings.DEFAULTS);

    private void add(Level state, String type, double value, long secondsAfterT0) {
        add(events, state, type, value, secondsAfterT0, List.of());
    }

    private static void add(EventsList list, Level state, String type, double value, long secondsAfterT0,
                            List<JsonNode> processes) {
        list.add(state, type, value, Instant.ofEpochSecond(T0 + secondsAfterT0, 734_000_000), () -> processes, MSG);
    }

    private static JsonNode process(String name, double cpu, double mem) {
        ObjectNode p = JSON.createObjectNode();
        p.put("name", name);
        p.put("cpu_percent", cpu);
        p.put("memory_percent", mem);
        return p;
    }

    @Test
    void createsEventOnlyAtWarningOrCritical() {
        add(OK, "CPU_TOTAL", 10, 0);
        add(CAREFUL, "CPU_TOTAL", 66, 1);
        assertEquals(0, events.events().size());
        add(WARNING, "CPU_TOTAL", 76, 2);
        Event event = events.events().get(0);
        assertEquals(T0 + 2, event.begin(), "whole seconds");
        assertTrue(event.ongoing());
        assertEquals(WARNING, event.state());
        assertEquals(List.of(76.0, 76.0, 76.0, 1, 76.0),
                List.of(event.min(), event.max(), event.sum(), event.count(), event.avg()));
    }

    @Test
    void listsNewestFirst() {
        add(WARNING, "MEM", 75, 0);
        add(CRITICAL, "LOAD", 600, 1);
        assertEquals(List.of("LOAD", "MEM"), events.events().stream().map(Event::type).toList());
    }

    @Test
    void closesEventShorterThanMinDuration() {
        add(WARNING, "CPU_TOTAL", 80, 0);
        add(OK, "CPU_TOTAL", 20, 5);
        assertEquals(List.of(), events.events(), "5 s < min_duration 6 s: the event is deleted");
    }

    @Test
    void closesEventLastingMinDurationWithItsEnd() {
        add(WARNING, "CPU_TOTAL", 80, 0);
        add(CAREFUL, "CPU_TOTAL", 66, 6);
        Event event = events.events().get(0);
        assertFalse(event.ongoing());
        assertEquals(T0 + 6, event.end());
        add(OK, "CPU_TOTAL", 10, 7);
        assertEquals(T0 + 6, events.events().get(0).end(), "closing a finished event changes nothing");
    }

    @Test
    void mergesEventReopenedWithinMinInterval() {
        add(WARNING, "CPU_TOTAL", 80, 0);
        add(OK, "CPU_TOTAL", 10, 10);
        add(WARNING, "CPU_TOTAL", 78, 15);
        assertEquals(1, events.events().size(), "5 s after its end: the same event is re-opened");
        Event event = events.events().get(0);
        assertTrue(event.ongoing());
        assertEquals(T0, event.begin());
        assertEquals(2, event.count());
        assertEquals(78.0, event.min());
    }

    @Test
    void opensNewEventAfterMinInterval() {
        add(WARNING, "CPU_TOTAL", 80, 0);
        add(OK, "CPU_TOTAL", 10, 10);
        add(WARNING, "CPU_TOTAL", 78, 16);
        assertEquals(2, events.events().size());
        assertEquals(T0 + 16, events.events().get(0).begin());
        assertFalse(events.events().get(1).ongoing());
    }

    @Test
    void typesAreTrackedApart() {
        add(WARNING, "CPU_TOTAL", 80, 0);
        add(WARNING, "CPU_IOWAIT", 47, 1);
        add(OK, "CPU_TOTAL", 10, 2);
        assertEquals(List.of("CPU_IOWAIT"), events.events().stream().map(Event::type).toList());
    }

    @Test
    void escalatesWarningToCriticalAndNeverBack() {
        add(WARNING, "CPU_TOTAL", 76, 0);
        add(CRITICAL, "CPU_TOTAL", 90, 1);
        assertEquals(CRITICAL, events.events().get(0).state());
        add(WARNING, "CPU_TOTAL", 77, 2);
        Event event = events.events().get(0);
        assertEquals(CRITICAL, event.state());
        assertEquals(3, event.count());
        assertEquals(76.0, event.min());
        assertEquals(90.0, event.max());
        assertEquals(243.0, event.sum());
        assertEquals(81.0, event.avg());
    }

    @Test
    void keepsTopThreeProcessesSeenWhileCritical() {
        List<JsonNode> first = List.of(process("idle", 0, 1), process("yes", 90, 0.1), process("python3", 95, 2),
                process("java", 20, 10), process("sshd", 1, 0.2), process("cron", 0.5, 0.1), process("bash", 0.4, 0.1),
                process("late", 0.1, 0.1));
        List<JsonNode> second = List.of(process("java", 99, 10));
        add(events, CRITICAL, "CPU_TOTAL", 95, 0, first);
        assertEquals(List.of(), events.events().get(0).top(), "a new event has no top yet");
        add(events, CRITICAL, "CPU_TOTAL", 96, 1, first);
        // the 6 first by cpu_percent are counted once each; ties keep the sorted order
        assertEquals(List.of("python3", "yes", "java"), events.events().get(0).top());
        add(events, CRITICAL, "CPU_TOTAL", 97, 2, second);
        assertEquals(List.of("java", "python3", "yes"), events.events().get(0).top(), "java seen twice");
        add(events, WARNING, "CPU_TOTAL", 80, 4, first);
        assertEquals(List.of("java", "python3", "yes"), events.events().get(0).top(), "WARNING keeps the top shown");
        add(events, CRITICAL, "CPU_TOTAL", 97, 5, first);
        assertEquals(List.of("python3", "yes", "java"), events.events().get(0).top(), "but restarts the counts");
    }

    @Test
    void dropsOldestEventBeyondMaxEventsEvenIfOngoing() {
        EventsList three = new EventsList(new EventsSettings(3, 6, 6, "auto"));
        for (int i = 0; i < 4; i++) {
            add(three, WARNING, "TYPE_" + i, 80, i, List.of());
        }
        assertEquals(List.of("TYPE_3", "TYPE_2", "TYPE_1"), three.events().stream().map(Event::type).toList());
    }

    @Test
    void clearWarningKeepsCriticalFinishedEvents() {
        add(WARNING, "MEM", 75, 0);
        add(OK, "MEM", 10, 10);
        add(CRITICAL, "CPU_TOTAL", 95, 0);
        add(OK, "CPU_TOTAL", 10, 10);
        add(WARNING, "LOAD", 150, 20);
        events.clean(false);
        assertEquals(List.of("LOAD", "CPU_TOTAL"), events.events().stream().map(Event::type).toList());
    }

    @Test
    void clearAllKeepsOnlyOngoingEvents() {
        add(CRITICAL, "CPU_TOTAL", 95, 0);
        add(OK, "CPU_TOTAL", 10, 10);
        add(WARNING, "LOAD", 150, 20);
        add(CRITICAL, "MEM", 95, 21);
        assertEquals(2, events.clean(true));
        assertEquals(List.of("MEM", "LOAD"), events.events().stream().map(Event::type).toList());
    }

    @Test
    void eventsChooseTheProcessSortKeyUntilTheyClose() {
        assertEquals("cpu_percent", events.processSortKey());
        add(WARNING, "MEM", 75, 0);
        assertEquals("memory_percent", events.processSortKey());
        assertEquals("memory_percent", events.events().get(0).sort());
        add(WARNING, "CPU_IOWAIT", 47, 1);
        assertEquals("io_counters", events.processSortKey());
        add(OK, "CPU_IOWAIT", 10, 8);
        assertEquals("cpu_percent", events.processSortKey(), "closing resets to auto (cpu_percent)");
        add(WARNING, "MEMSWAP", 75, 9);
        assertEquals("memory_percent", events.processSortKey());
        add(WARNING, "LOAD", 150, 10);
        assertEquals("cpu_percent", events.processSortKey());
    }

    @Test
    void configuredSortKeyIsNotChangedByEvents() {
        EventsList fixed = new EventsList(new EventsSettings(10, 6, 6, "name"));
        assertFalse(fixed.autoSort());
        add(fixed, WARNING, "MEM", 75, 0, List.of());
        assertEquals("name", fixed.processSortKey());
        assertEquals("name", fixed.events().get(0).sort(), "a new event records the key in use");
        add(fixed, CRITICAL, "MEM", 95, 1, List.of(process("a", 1, 2)));
        assertEquals("memory_percent", fixed.events().get(0).sort(), "a CRITICAL update records its own key");
        fixed.setProcessSortKey("auto");
        assertEquals("cpu_percent", fixed.processSortKey());
    }

    @Test
    void iowaitEventsRankProcessesByIoSinceTheLastScan() {
        ObjectNode reader = (ObjectNode) process("dd", 5, 1);
        reader.putArray("io_counters").add(5000).add(0).add(1000).add(0).add(1);
        ObjectNode writer = (ObjectNode) process("rsync", 50, 1);
        writer.putArray("io_counters").add(0).add(900).add(0).add(0).add(1);
        add(events, CRITICAL, "CPU_IOWAIT", 60, 0, List.of(writer, reader));
        add(events, CRITICAL, "CPU_IOWAIT", 60, 1, List.of(writer, reader));
        assertEquals(List.of("dd", "rsync"), events.events().get(0).top());
        assertEquals("io_counters", events.events().get(0).sort());
    }

    @Test
    void servesGlancesJsonShape() {
        add(CRITICAL, "CPU_TOTAL", 100.0, 264);
        ArrayNode ongoing = events.toJson();
        assertEquals(-1, ongoing.get(0).get("end").intValue());
        assertTrue(ongoing.get(0).get("end").isInt());
        add(OK, "CPU_TOTAL", 3.5, 278);
        ArrayNode json = events.toJson();
        assertEquals(GlancesSamples.read("alert.json"), json);
        List<String> fields = new ArrayList<>();
        json.get(0).fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("begin", "state", "type", "min", "max", "sum", "count", "avg", "top", "desc", "sort",
                "global_msg", "end"), fields);
        assertTrue(json.get(0).get("begin").isIntegralNumber());
        assertTrue(json.get(0).get("end").isDouble());
    }

    @Test
    void reproducesCapturedThirtyCountCriticalEvent() {
        // the first event of alert_after_cpu_burst.json: 30 evaluations at 91.6 from 361 to 367
        List<JsonNode> processes = List.of(process("python3", 30, 3), process("java", 20, 9),
                process("prometheus-node-exporter", 5, 1), process("glances", 4, 2), process("sshd", 1, 0.1),
                process("systemd", 0.5, 0.3), process("cron", 0.1, 0.1));
        for (int i = 0; i < 30; i++) {
            add(events, CRITICAL, "CPU_TOTAL", 91.6, 361 + i / 5, processes);
        }
        events.add(OK, "CPU_TOTAL", 40, Instant.ofEpochSecond(T0 + 367), () -> processes, "High CPU user mode");
        JsonNode event = events.toJson().get(0);
        JsonNode captured = GlancesSamples.read("alert_after_cpu_burst.json").get(1);
        for (String field : List.of("state", "type", "min", "max", "sum", "count", "avg", "top", "desc", "sort")) {
            assertEquals(captured.get(field), event.get(field), field);
        }
        assertEquals(T0 + 361, event.get("begin").asLong());
        assertEquals(T0 + 367.0, event.get("end").asDouble());
    }
}
