package io.fleetglance.common.events;

import static io.fleetglance.common.events.EventChange.Transition.BEGIN;
import static io.fleetglance.common.events.EventChange.Transition.END;
import static io.fleetglance.common.events.EventChange.Transition.ESCALATION;
import static io.fleetglance.common.events.Level.CRITICAL;
import static io.fleetglance.common.events.Level.OK;
import static io.fleetglance.common.events.Level.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fleetglance.common.events.EventChange.Transition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The events list reports each event's transitions itself, exactly once, as they happen. */
class EventChangesTest {

    private static final long T0 = 1795712000L;

    private final EventsList events = new EventsList(EventsSettings.DEFAULTS); // min_duration 6 s, min_interval 6 s

    private List<EventChange> at(long second, Level state, String type) {
        events.add(state, type, 80, Instant.ofEpochSecond(T0 + second), List::of, "");
        return events.takeChanges();
    }

    private static List<String> summary(List<EventChange> changes) {
        return changes.stream().map(c -> c.transition() + " " + c.event().path("type").asText() + " "
                + c.event().path("state").asText() + " end=" + c.event().path("end").asDouble()).toList();
    }

    @Test
    void beginEscalationAndEndAreReportedOnceEach() {
        assertEquals(List.of(), at(0, OK, "MEM"), "OK opens nothing");
        assertEquals(List.of("BEGIN MEM WARNING end=-1.0"), summary(at(1, WARNING, "MEM")));
        assertEquals(List.of(), at(2, WARNING, "MEM"), "an ongoing event that stays WARNING is no news");
        assertEquals(List.of("ESCALATION MEM CRITICAL end=-1.0"), summary(at(3, CRITICAL, "MEM")));
        assertEquals(List.of(), at(4, CRITICAL, "MEM"));
        assertEquals(List.of(), at(5, WARNING, "MEM"), "a CRITICAL event never goes back to WARNING");
        assertEquals(List.of("END MEM CRITICAL end=" + (double) (T0 + 9)), summary(at(9, OK, "MEM")));
        assertEquals(List.of(), at(10, OK, "MEM"));
        assertEquals(1, events.events().size(), "the event lasted 8 s, more than min_duration: it stays listed");
    }

    @Test
    void anEventShorterThanMinDurationEndsThoughItLeavesTheList() {
        at(0, CRITICAL, "LOAD");
        List<EventChange> end = at(2, OK, "LOAD");
        assertEquals(List.of("END LOAD CRITICAL end=" + (double) (T0 + 2)), summary(end));
        assertEquals(0, events.events().size());
    }

    @Test
    void anEventBegunAgainWithinMinIntervalIsReportedAsABegin() {
        at(0, WARNING, "SWAP");
        at(7, OK, "SWAP");
        assertEquals(List.of("BEGIN SWAP WARNING end=-1.0"), summary(at(9, WARNING, "SWAP")));
        assertEquals(1, events.events().size(), "the same event, reopened");
    }

    @Test
    void anOngoingEventPushedOutOfAFullListEnds() {
        for (int i = 0; i < EventsSettings.DEFAULTS.maxEvents(); i++) {
            at(i, WARNING, "T" + i);
        }
        List<EventChange> changes = at(20, WARNING, "NEW");
        assertEquals(List.of("BEGIN NEW WARNING end=-1.0", "END T0 WARNING end=" + (double) (T0 + 20)),
                summary(changes));
    }

    @Test
    void changesPileUpUntilTakenAndABeginSwallowsItsEscalation() {
        events.add(WARNING, "CPU_TOTAL", 80, Instant.ofEpochSecond(T0), List::of, "");
        events.add(CRITICAL, "CPU_TOTAL", 95, Instant.ofEpochSecond(T0), List::of, "");
        events.add(WARNING, "LOAD", 80, Instant.ofEpochSecond(T0), List::of, "");
        List<Transition> kinds = events.takeChanges().stream().map(EventChange::transition).toList();
        assertEquals(List.of(BEGIN, BEGIN), kinds, "one transition per event between takes");
        assertEquals(List.of(), events.takeChanges(), "taking empties the list");
    }

    @Test
    void theVersionMovesOnEveryChangeOfTheList() {
        long v0 = events.version();
        at(0, OK, "MEM");
        assertEquals(v0, events.version(), "nothing opened");
        at(1, WARNING, "MEM");
        long v1 = events.version();
        assertNotEquals(v0, v1);
        at(2, WARNING, "MEM");
        assertNotEquals(v1, events.version(), "count and avg changed: the list needs storing again");
        long v2 = events.version();
        events.clean(true);
        assertEquals(v2, events.version(), "an ongoing event is kept by clean");
        assertEquals(List.of(END), at(9, OK, "MEM").stream().map(EventChange::transition).toList());
        long v3 = events.version();
        events.clean(true);
        assertNotEquals(v3, events.version(), "the finished event was removed");
        assertEquals(List.of(), events.takeChanges(), "clearing finished events is no transition");
    }
}
