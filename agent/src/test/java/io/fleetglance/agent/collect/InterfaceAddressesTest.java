package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The interface listing that the network and ip collectors of one sample share. */
class InterfaceAddressesTest {

    @Test
    void aListingIsGivenAgainWithinTheReuseTimeAndListedAnewAfterIt() {
        AtomicInteger listings = new AtomicInteger();
        AtomicLong now = new AtomicLong(1_000);
        InterfaceAddresses source = () -> Map.of("eth" + listings.getAndIncrement(),
                List.of(new Ipv4Address("10.0.0.1", 8)));
        InterfaceAddresses reused = InterfaceAddresses.reused(source, 500, now::get);

        Map<String, List<Ipv4Address>> first = reused.ipv4();
        now.addAndGet(499);
        assertSame(first, reused.ipv4(), "the network and ip collectors of one sample: one listing");
        assertEquals(1, listings.get());
        now.addAndGet(1);
        Map<String, List<Ipv4Address>> next = reused.ipv4();
        assertEquals(2, listings.get(), "the next sample lists again: an address added meanwhile is seen");
        assertTrue(next.containsKey("eth1"), next.toString());
    }

    @Test
    void twoCollectorsOfOneSampleShareTheSystemsListing() {
        InterfaceAddresses system = InterfaceAddresses.system();
        assertSame(system.ipv4(), system.ipv4(), "two collectors of one sample share the listing");
    }
}
