package io.fleetglance.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import io.fleetglance.common.events.EventChange.Transition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One host's alert events, newest first (Glances' {@code GlancesEventsList}), and the process sort key those events
 * choose. Every evaluation of a logged stat is {@linkplain #add added}: WARNING and CRITICAL open or extend an event
 * of the stat's type, OK and CAREFUL close it. Time is passed in, never read, so that replays and tests are exact.
 * Each change it makes to an event's course (begin, escalation, end) is kept until the owner {@linkplain
 * #takeChanges() takes} it, so that listeners learn of transitions without comparing lists.
 * Not thread-safe: the owner serialises calls.
 */
public final class EventsList {

    private final EventsSettings settings;
    private final List<Event> events = new ArrayList<>();
    /** The transitions since the last {@link #takeChanges()}, one per event, in the order they happened. */
    private final Map<Event, Transition> changes = new LinkedHashMap<>();
    private long version;
    private boolean autoSort;
    private String sortKey;

    public EventsList(EventsSettings settings) {
        this.settings = settings;
        setProcessSortKey(settings.processSortKey());
    }

    /**
     * Glances' {@code glances_events.add}: one evaluation of a logged stat.
     *
     * @param state         the level the stat is at
     * @param type          the upper-cased stat name ({@code CPU_TOTAL}, {@code LOAD}, {@code MEM}…)
     * @param value         the percentage that was evaluated
     * @param now           the time of the evaluation; events keep whole seconds, as Glances does
     * @param processes     the host's current process list, from which a CRITICAL event takes its top processes
     *                      (asked for only then)
     * @param globalMessage the host's global alert message at this moment
     */
    public void add(Level state, String type, double value, Instant now, Supplier<List<JsonNode>> processes,
                    String globalMessage) {
        long time = now.getEpochSecond();
        int index = find(time, type);
        if (index < 0) {
            create(time, state, type, value, globalMessage);
            return;
        }
        Event event = events.get(index);
        if (!state.opensEvent()) {
            if (event.ongoing()) {
                close(time, index);
            }
            return;
        }
        chooseSortKey(type);
        boolean wasOngoing = event.ongoing();
        Level was = event.state();
        event.update(state, value, eventSortKey(type), processes, globalMessage);
        version++;
        if (!wasOngoing) {
            record(event, Transition.BEGIN);
        } else if (event.state() == Level.CRITICAL && was != Level.CRITICAL) {
            record(event, Transition.ESCALATION);
        }
    }

    // one transition per event between two takes: a begin stays a begin when it escalates too, and an event that
    // began and ended (or ended and began again) before anyone was told is no news at all
    private void record(Event event, Transition transition) {
        Transition earlier = changes.get(event);
        if (earlier == Transition.BEGIN && transition == Transition.END
                || earlier == Transition.END && transition == Transition.BEGIN) {
            changes.remove(event);
        } else if (earlier != Transition.BEGIN) {
            changes.put(event, transition);
        }
    }

    // newest first: an ongoing event of that type, or one that ended less than min_interval ago
    private int find(long time, String type) {
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if ((event.ongoing() || time - event.end() < settings.minInterval()) && event.type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    private void create(long time, Level state, String type, double value, String globalMessage) {
        if (!state.opensEvent()) {
            return;
        }
        chooseSortKey(type);
        Event event = new Event(time, state, type, value, sortKey, globalMessage);
        events.add(0, event);
        version++;
        record(event, Transition.BEGIN);
        if (events.size() > settings.maxEvents()) {
            // the oldest goes, even if it is still ongoing
            Event oldest = events.remove(events.size() - 1);
            if (oldest.ongoing()) {
                oldest.close(time);
                record(oldest, Transition.END);
            }
        }
    }

    private void close(long time, int index) {
        resetSortKey();
        Event event = events.get(index);
        event.close(time);
        if (time - event.begin() < settings.minDuration()) {
            events.remove(index);
        }
        version++;
        record(event, Transition.END);
    }

    /**
     * The transitions since the last call, in the order they happened, each with the event as it is now (an event
     * that left the list shows when it ended); the list of pending transitions is emptied.
     */
    public List<EventChange> takeChanges() {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<EventChange> out = new ArrayList<>(changes.size());
        changes.forEach((event, transition) -> out.add(new EventChange(transition, event.toJson())));
        changes.clear();
        return out;
    }

    /** A number that moves whenever an event is opened, updated, closed or removed: the list needs storing again. */
    public long version() {
        return version;
    }

    /**
     * Glances' {@code clean}: removes finished events. {@code critical=false} ("clear warning") keeps the CRITICAL
     * ones; {@code critical=true} ("clear all") keeps only ongoing events.
     *
     * @return the number of events left
     */
    public int clean(boolean critical) {
        Iterator<Event> it = events.iterator();
        while (it.hasNext()) {
            Event event = it.next();
            boolean keep = event.ongoing() || (!critical && event.state() == Level.CRITICAL);
            if (!keep) {
                it.remove();
                version++;
            }
        }
        return events.size();
    }

    /** Replaces the events by those of {@code json} (as {@link #toJson()} wrote them), newest first. */
    public void restore(JsonNode json) {
        events.clear();
        changes.clear();
        version++;
        if (json != null && json.isArray()) {
            for (JsonNode e : json) {
                if (events.size() < settings.maxEvents()) {
                    events.add(Event.fromJson(e));
                }
            }
        }
    }

    /** The events, newest first. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The JSON of {@code /api/4/alert}. */
    public ArrayNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        events.forEach(e -> array.add(e.toJson()));
        return array;
    }

    /**
     * The key the process list is sorted by now: the configured key, or (automatic sort) the key of the last event
     * opened or extended: {@code memory_percent} for MEM* events, {@code io_counters} for CPU_IOWAIT,
     * {@code cpu_percent} otherwise and when no event is ongoing.
     */
    public String processSortKey() {
        return sortKey;
    }

    /** Whether events choose the process sort key ({@code auto}). */
    public boolean autoSort() {
        return autoSort;
    }

    /** Sets the process sort key, as a user choosing a column; {@code auto} hands the choice back to events. */
    public void setProcessSortKey(String key) {
        if (EventsSettings.AUTO.equals(key)) {
            autoSort = true;
            sortKey = ProcessSort.CPU_PERCENT;
        } else {
            autoSort = false;
            sortKey = key;
        }
    }

    /** The process sort key that suits an event type. */
    public static String eventSortKey(String type) {
        if (type.startsWith("MEM")) {
            return ProcessSort.MEMORY_PERCENT;
        }
        if (type.startsWith("CPU_IOWAIT")) {
            return ProcessSort.IO_COUNTERS;
        }
        return ProcessSort.CPU_PERCENT;
    }

    private void chooseSortKey(String type) {
        if (autoSort) {
            sortKey = eventSortKey(type);
        }
    }

    private void resetSortKey() {
        if (autoSort) {
            sortKey = ProcessSort.CPU_PERCENT;
        }
    }
}
