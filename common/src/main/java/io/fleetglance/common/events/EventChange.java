package io.fleetglance.common.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one evaluation did to an event, as the events list reports it: the event began (or began again within
 * {@code min_interval}), escalated to CRITICAL, or ended (closed, dropped for being shorter than {@code min_duration},
 * or pushed out of the list while ongoing).
 *
 * @param transition what happened
 * @param event      the event as {@code /alert} shows it after the evaluation; an event that left the list shows the
 *                   time it ended
 */
public record EventChange(Transition transition, ObjectNode event) {

    /** What happened to an event. */
    public enum Transition { BEGIN, ESCALATION, END }
}
