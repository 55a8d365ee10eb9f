package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.NetInterface;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkCollectorTest {

    /** The addresses the captured VM had, as its NetworkInterface view would list them. */
    private static final InterfaceAddresses VM_ADDRESSES = InterfaceAddresses.of(Map.of(
            "lo", List.of(new Ipv4Address("127.0.0.1", 8)),
            "eth0", List.of(new Ipv4Address("192.0.2.2", 24))));

    @TempDir
    Path scratch;

    private static List<NetInterface> collect(HostRoot root, InterfaceAddresses addresses) {
        Sample.Builder sample = Sample.newBuilder();
        new NetworkCollector(root, addresses).collect(sample);
        return sample.getNetwork().getInterfacesList();
    }

    @Test
    void readsEveryInterfaceOfTheCapturedVmInProcNetDevOrder() {
        List<NetInterface> nics = collect(Fixtures.root(Fixtures.DEBIAN_VM), VM_ADDRESSES);

        assertEquals(List.of("lo", "ifb0", "ifb1", "eth0"), nics.stream().map(NetInterface::getName).toList());
    }

    @Test
    void readsCountersAndLinkStateOfTheCapturedNic() {
        NetInterface eth0 = collect(Fixtures.root(Fixtures.DEBIAN_VM), VM_ADDRESSES).get(3);

        // eth0: 64916984 2291 0 0 0 0 0 0 | 343639 1992 0 0 ...; flags 0x1003, operstate up, speed -1, mtu 1400.
        assertEquals(NetInterface.newBuilder()
                .setName("eth0")
                .setBytesRecv(64_916_984).setPacketsRecv(2291)
                .setBytesSent(343_639).setPacketsSent(1992)
                .setIsUp(true).setSpeedMbps(0).setMtu(1400).setHasIpv4(true).setHasStats(true)
                .build(), eth0);
    }

    @Test
    void countsLoopbackWithUnknownOperstateAsUp() {
        NetInterface lo = collect(Fixtures.root(Fixtures.DEBIAN_VM), VM_ADDRESSES).get(0);

        // lo: flags 0x9 (UP|LOOPBACK), operstate "unknown", no readable speed.
        assertTrue(lo.getIsUp());
        assertEquals(2_727_078, lo.getBytesRecv());
        assertEquals(2_727_078, lo.getBytesSent());
        assertEquals(3844, lo.getPacketsSent());
        assertEquals(65536, lo.getMtu());
        assertEquals(0, lo.getSpeedMbps());
        assertTrue(lo.getHasIpv4());
    }

    @Test
    void takesAnAdministrativelyDownInterfaceAsDownWithoutAddress() {
        NetInterface ifb0 = collect(Fixtures.root(Fixtures.DEBIAN_VM), VM_ADDRESSES).get(1);

        // ifb0: flags 0x82 (no IFF_UP), operstate "down".
        assertFalse(ifb0.getIsUp());
        assertFalse(ifb0.getHasIpv4());
        assertTrue(ifb0.getHasStats());
        assertEquals(1500, ifb0.getMtu());
    }

    @Test
    void readsErrorsDropsAndSpeedOfABusyLink() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/net/dev", """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                enp3s0: 9876543210123 81234567   12   34    0     0          0      1000 1234567890 7654321    5    6    0     0       0          0
                """);
        Fixtures.write(root, "/sys/class/net/enp3s0/operstate", "up\n");
        Fixtures.write(root, "/sys/class/net/enp3s0/flags", "0x1003\n");
        Fixtures.write(root, "/sys/class/net/enp3s0/speed", "1000\n");
        Fixtures.write(root, "/sys/class/net/enp3s0/mtu", "9000\n");

        NetInterface nic = collect(root, InterfaceAddresses.of(Map.of())).get(0);

        assertEquals(NetInterface.newBuilder()
                .setName("enp3s0")
                .setBytesRecv(9_876_543_210_123L).setPacketsRecv(81_234_567).setErrin(12).setDropin(34)
                .setBytesSent(1_234_567_890L).setPacketsSent(7_654_321).setErrout(5).setDropout(6)
                .setIsUp(true).setSpeedMbps(1000).setMtu(9000).setHasIpv4(false).setHasStats(true)
                .build(), nic);
    }

    @Test
    void readsSpeedAndMtuAgainWhenALinkGoesDownOrUpAndEveryRefresh() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/net/dev", "h1\nh2\neth1: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        Fixtures.write(root, "/sys/class/net/eth1/operstate", "up\n");
        Fixtures.write(root, "/sys/class/net/eth1/flags", "0x1003\n");
        Fixtures.write(root, "/sys/class/net/eth1/speed", "1000\n");
        Fixtures.write(root, "/sys/class/net/eth1/mtu", "1500\n");
        NetworkCollector collector = new NetworkCollector(root, InterfaceAddresses.of(Map.of()));
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        NetInterface first = sample.getNetwork().getInterfaces(0);
        assertEquals(List.of(true, 1000, 1500), List.of(first.getIsUp(), first.getSpeedMbps(), first.getMtu()));

        // Renegotiated at 100 Mbps while up: seen at the refresh.
        Fixtures.write(root, "/sys/class/net/eth1/speed", "100\n");
        Fixtures.write(root, "/sys/class/net/eth1/mtu", "9000\n");
        int samples = 1;
        for (; samples < NetworkCollector.LINK_REFRESH_SAMPLES; samples++) {
            collector.collect(sample.clear());
            assertEquals(1000, sample.getNetwork().getInterfaces(0).getSpeedMbps(), "sample " + samples);
        }
        collector.collect(sample.clear());
        NetInterface refreshed = sample.getNetwork().getInterfaces(0);
        assertEquals(List.of(true, 100, 9000), List.of(refreshed.getIsUp(), refreshed.getSpeedMbps(),
                refreshed.getMtu()));

        // The cable pulled: down, and no speed any more (the kernel answers EINVAL, as for the absent file here).
        Fixtures.write(root, "/sys/class/net/eth1/operstate", "down\n");
        Files.delete(root.resolve("/sys/class/net/eth1/speed"));
        collector.collect(sample.clear());
        NetInterface down = sample.getNetwork().getInterfaces(0);
        assertEquals(List.of(false, 0, 9000), List.of(down.getIsUp(), down.getSpeedMbps(), down.getMtu()));

        // Back up at 10 Gbps: read at once.
        Fixtures.write(root, "/sys/class/net/eth1/operstate", "up\n");
        Fixtures.write(root, "/sys/class/net/eth1/speed", "10000\n");
        collector.collect(sample.clear());
        assertEquals(10000, sample.getNetwork().getInterfaces(0).getSpeedMbps());
    }

    @Test
    void keepsTheLinkFilesOfARealInterfaceOpenAndClosesThemOnceItIsGone() throws Exception {
        // A machine whose /proc/net/dev is this test's and whose /sys is this machine's: lo's files are the kernel's.
        HostRoot root = new HostRoot(scratch);
        Files.createSymbolicLink(scratch.resolve("sys"), Path.of("/sys"));
        Fixtures.write(root, "/proc/net/dev", "h1\nh2\nlo: 1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0\n");
        // Other tests' collectors of this machine may hold lo's files too, until the garbage collector closes them.
        settleDescriptors();
        long operstates = descriptorsOf("/net/lo/operstate");
        long flags = descriptorsOf("/net/lo/flags");
        int mtu = Integer.parseInt(Files.readString(Path.of("/sys/class/net/lo/mtu")).trim());
        NetworkCollector collector = new NetworkCollector(root, InterfaceAddresses.of(Map.of()));
        Sample.Builder sample = Sample.newBuilder();
        for (int i = 0; i < 3; i++) {
            collector.collect(sample.clear());
            NetInterface lo = sample.getNetwork().getInterfaces(0);
            // lo reads operstate "unknown" with IFF_UP set: up, as psutil says.
            assertEquals(List.of("lo", true, true, mtu), List.of(lo.getName(), lo.getIsUp(), lo.getHasStats(),
                    lo.getMtu()), "sample " + i);
            assertEquals(operstates + 1, descriptorsOf("/net/lo/operstate"), "sample " + i);
            assertEquals(flags + 1, descriptorsOf("/net/lo/flags"), "sample " + i);
        }
        // Opened again, not twice, at each refresh of the speed and MTU.
        for (int i = 3; i <= NetworkCollector.LINK_REFRESH_SAMPLES + 1; i++) {
            collector.collect(sample.clear());
        }
        assertTrue(sample.getNetwork().getInterfaces(0).getIsUp());
        assertEquals(operstates + 1, descriptorsOf("/net/lo/operstate"));
        assertEquals(flags + 1, descriptorsOf("/net/lo/flags"));

        Fixtures.write(root, "/proc/net/dev", "h1\nh2\n");
        collector.collect(sample.clear());
        assertEquals(0, sample.getNetwork().getInterfacesCount());
        assertEquals(operstates, descriptorsOf("/net/lo/operstate"));
        assertEquals(flags, descriptorsOf("/net/lo/flags"));
    }

    /**
     * Waits until the descriptors that unreachable objects held are closed: a collection, then the cleaner's work,
     * until the count of descriptors stays the same for 0.2 s (5 s at most).
     */
    private static void settleDescriptors() throws Exception {
        System.gc();
        long last = descriptorsOf("");
        int stable = 0;
        for (int i = 0; i < 100 && stable < 4; i++) {
            Thread.sleep(50);
            long now = descriptorsOf("");
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
    }

    /** How many of this JVM's descriptors are open on a file whose path ends with {@code suffix}. */
    private static long descriptorsOf(String suffix) throws IOException {
        long count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    count += Files.readSymbolicLink(fd).toString().endsWith(suffix) ? 1 : 0;
                } catch (IOException e) {
                    // closed since it was listed (the listing's own descriptor)
                }
            }
        }
        return count;
    }

    @Test
    void takesAnUpFlaggedLinkWithoutCarrierAsDown() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/net/dev", "h1\nh2\ndocker0: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        // docker0 with no container attached: IFF_UP set, operstate down (NO-CARRIER).
        Fixtures.write(root, "/sys/class/net/docker0/operstate", "down\n");
        Fixtures.write(root, "/sys/class/net/docker0/flags", "0x1003\n");

        assertFalse(collect(root, InterfaceAddresses.of(Map.of())).get(0).getIsUp());
    }

    @Test
    void takesAnUnknownOperstateWithoutIffUpAsDown() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/net/dev", "h1\nh2\ntun0: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        Fixtures.write(root, "/sys/class/net/tun0/operstate", "unknown\n");
        Fixtures.write(root, "/sys/class/net/tun0/flags", "0x1090\n");

        assertFalse(collect(root, InterfaceAddresses.of(Map.of())).get(0).getIsUp());
    }

    @Test
    void marksAnInterfaceWithoutSysfsEntryAsHavingNoStats() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/net/dev", "h1\nh2\n  gone: 5 1 0 0 0 0 0 0 7 2 0 0 0 0 0 0\n");

        NetInterface gone = collect(root, InterfaceAddresses.of(Map.of())).get(0);

        assertEquals(5, gone.getBytesRecv());
        assertEquals(7, gone.getBytesSent());
        assertFalse(gone.getHasStats());
        assertFalse(gone.getIsUp());
        assertEquals(0, gone.getMtu());
    }

    @Test
    void skipsLinesThatAreNotCounterRows() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/net/dev", String.join("\n",
                "h1", "h2",
                "short: 1 2 3",
                "bad: 1 2 3 4 5 6 7 8 9 10 11 x 13 14 15 16",
                ": 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
                "ok: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
                ""));

        List<NetInterface> nics = collect(root, InterfaceAddresses.of(Map.of()));

        assertEquals(List.of("ok"), nics.stream().map(NetInterface::getName).toList());
        assertEquals(9, nics.get(0).getBytesSent());
        assertEquals(12, nics.get(0).getDropout());
    }

    @Test
    void leavesNetworkAbsentWithoutProcNetDev() {
        Sample.Builder sample = Sample.newBuilder();
        new NetworkCollector(new HostRoot(scratch), VM_ADDRESSES).collect(sample);

        assertFalse(sample.hasNetwork());
    }

    @Test
    void formatsPrefixLengthsAsNetmasks() {
        assertEquals("255.255.255.0", new Ipv4Address("192.0.2.2", 24).mask());
        assertEquals("255.0.0.0", new Ipv4Address("127.0.0.1", 8).mask());
        assertEquals("255.255.240.0", new Ipv4Address("10.1.2.3", 20).mask());
        assertEquals("255.255.255.255", new Ipv4Address("10.1.2.3", 32).mask());
        assertEquals("0.0.0.0", new Ipv4Address("10.1.2.3", 0).mask());
    }
}
