package io.fleetglance.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HubAddressTest {

    @Test
    void parsesHostAndPort() {
        assertEquals(new HubAddress("hub.example", 7000), HubAddress.parse("hub.example:7000"));
        assertEquals(new HubAddress("hub.example", 61209), HubAddress.parse("hub.example"));
        assertEquals(new HubAddress("::1", 61209), HubAddress.parse("[::1]:61209"));
        assertEquals(new HubAddress("::1", 61209), HubAddress.parse("::1"));
        assertEquals("[::1]:61209", HubAddress.parse("[::1]").toString());
    }

    @Test
    void theHubsOfOneFleetAreAListInTheOrderToTryThem() {
        assertEquals(List.of(new HubAddress("a", 61209), new HubAddress("b", 7000), new HubAddress("::1", 61209)),
                HubAddress.parseList("a,b:7000,[::1]"));
        assertEquals(List.of(new HubAddress("hub", 61209)), HubAddress.parseList("hub"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HubAddress.parseList("a,a:61209"))
                .getMessage().contains("given twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HubAddress.parseList("a,,b"))
                .getMessage().contains("empty"));
    }

    @Test
    void namesWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HubAddress.parse("hub:http"))
                .getMessage().contains("'http' is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HubAddress.parse("hub:70000"))
                .getMessage().contains("1..65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HubAddress.parse(":61209"))
                .getMessage().contains("no host"));
    }
}
