package io.fleetglance.common.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ThresholdStatesTest {

    @Test
    void noCauseUntilAStatReachesWarning() {
        ThresholdStates states = new ThresholdStates();
        assertEquals("EVENTS history", states.globalMessage());
        states.record("cpu_user", "CAREFUL");
        assertEquals("EVENTS history", states.globalMessage());
        states.record("cpu_user", "WARNING_LOG");
        assertEquals("High CPU user mode", states.globalMessage());
    }

    @Test
    void heaviestCauseWinsAndTheFirstOnTies() {
        ThresholdStates states = new ThresholdStates();
        states.record("mem", "WARNING");
        states.record("load", "CRITICAL");
        assertEquals("System overloaded in the last 5 minutes", states.globalMessage());
        states.record("cpu_system", "CRITICAL");
        assertEquals("High CPU kernel usage", states.globalMessage(), "tie at 3: cpu_system comes first");
        states.record("cpu_system", "OK");
        states.record("load", "OK");
        assertEquals("High memory consumption", states.globalMessage());
        states.record("mem", "DEFAULT");
        assertEquals("High memory consumption", states.globalMessage(), "DEFAULT does not replace the last level");
    }
}
