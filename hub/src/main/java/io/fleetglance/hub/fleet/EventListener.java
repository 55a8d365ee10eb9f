package io.fleetglance.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;

/** Told when one of a host's events begins, escalates to CRITICAL, or ends. */
@FunctionalInterface
public interface EventListener {

    /** What happened to an event. */
    enum Transition { BEGIN, ESCALATION, END }

    void onEvent(Host host, Transition transition, JsonNode event, String globalMessage);
}
