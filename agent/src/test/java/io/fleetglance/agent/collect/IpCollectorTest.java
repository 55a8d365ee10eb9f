package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetglance.proto.IpReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpCollectorTest {

    @TempDir
    Path scratch;

    @BeforeAll
    static void routeTablesWereCapturedOnALittleEndianMachine() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the route tables were captured on a little-endian machine");
    }

    private static IpReading collect(HostRoot root, Map<String, List<Ipv4Address>> addresses) {
        Sample.Builder sample = Sample.newBuilder();
        new IpCollector(root, InterfaceAddresses.of(addresses)).collect(sample);
        assertTrue(sample.hasIp());
        return sample.getIp();
    }

    /** Writes a /proc/net/dev listing {@code names} and marks each up in sysfs. */
    private static void upInterfaces(HostRoot root, String... names) throws IOException {
        StringBuilder dev = new StringBuilder("h1\nh2\n");
        for (String name : names) {
            dev.append(name).append(": 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
            Fixtures.write(root, "/sys/class/net/" + name + "/operstate", "up\n");
            Fixtures.write(root, "/sys/class/net/" + name + "/flags", "0x1003\n");
        }
        Fixtures.write(root, "/proc/net/dev", dev.toString());
    }

    @Test
    void givesTheAddressOfTheCapturedVmAndItsGateway() {
        IpReading ip = collect(Fixtures.root(Fixtures.DEBIAN_VM), Map.of(
                "lo", List.of(new Ipv4Address("127.0.0.1", 8)),
                "eth0", List.of(new Ipv4Address("192.0.2.2", 24))));

        // As Glances answers in glances-samples/ip.json for such a VM: 192.0.2.2, 255.255.255.0, /24. The
        // captured default route is "eth0 00000000 010200C0 0003 ... 0 00000000".
        assertEquals(IpReading.newBuilder()
                .setInterface("eth0").setAddress("192.0.2.2").setMask("255.255.255.0").setMaskCidr(24)
                .setGateway("192.0.2.1")
                .build(), ip);
    }

    @Test
    void takesTheLastUpInterfaceWithAnAddressAndItsFirstAddress() throws IOException {
        HostRoot root = new HostRoot(scratch);
        upInterfaces(root, "lo", "enp3s0", "wlan0", "docker0", "tun0");
        Fixtures.write(root, "/sys/class/net/docker0/operstate", "down\n");

        IpReading ip = collect(root, Map.of(
                "lo", List.of(new Ipv4Address("127.0.0.1", 8)),
                "enp3s0", List.of(new Ipv4Address("10.0.0.5", 24)),
                "wlan0", List.of(new Ipv4Address("192.168.1.23", 24), new Ipv4Address("192.168.7.1", 28)),
                "docker0", List.of(new Ipv4Address("172.17.0.1", 16))));

        // docker0 is down and tun0 has no IPv4 address: wlan0 is the last that qualifies.
        assertEquals("wlan0", ip.getInterface());
        assertEquals("192.168.1.23", ip.getAddress());
        assertEquals(24, ip.getMaskCidr());
        assertEquals("", ip.getGateway());
    }

    @Test
    void picksTheDefaultRouteWithTheLowestMetric() throws IOException {
        HostRoot root = new HostRoot(scratch);
        upInterfaces(root, "enp3s0", "wlan0");
        Fixtures.write(root, "/proc/net/route", String.join("\n",
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0",
                "enp3s0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0",
                "enp3s0\t00000000\t0200000A\t0001\t0\t0\t50\t00000000\t0\t0\t0",
                "enp3s0\t0000000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0",
                ""));

        IpReading ip = collect(root, Map.of(
                "enp3s0", List.of(new Ipv4Address("10.0.0.5", 24)),
                "wlan0", List.of(new Ipv4Address("192.168.1.23", 24))));

        // The metric-50 line has no RTF_GATEWAY flag; of the gateway routes, enp3s0's metric 100 beats 600.
        assertEquals("10.0.0.1", ip.getGateway());
        assertEquals("wlan0", ip.getInterface());
    }

    @Test
    void givesAnEmptyReadingWithoutAUsableInterface() throws IOException {
        HostRoot root = new HostRoot(scratch);
        upInterfaces(root, "lo");

        assertEquals(IpReading.getDefaultInstance(), collect(root, Map.of("lo", List.of(new Ipv4Address("127.0.0.1",
                8)))));
    }
}
