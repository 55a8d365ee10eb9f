package io.fleetglance.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.events.EventChange.Transition;

/** Told when one of a host's events begins, escalates to CRITICAL, or ends. */
@FunctionalInterface
public interface EventListener {

    void onEvent(Host host, Transition transition, JsonNode event, String globalMessage);
}
