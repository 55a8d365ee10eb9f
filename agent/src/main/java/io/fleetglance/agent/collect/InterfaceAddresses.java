package io.fleetglance.agent.collect;

import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where the IPv4 addresses of the network interfaces come from. Linux has no plain file listing them (only the routing
 * trie of {@code /proc/net/fib_trie}), so the agent asks the kernel through the JVM; tests give a fixed table.
 *
 * <p>The JVM sees the network namespace the agent runs in, which is also the one {@code /proc/net/*} shows under any
 * host root ({@code /proc/net} is a link to the reading process's own {@code net}), so both views agree.
 */
@FunctionalInterface
public interface InterfaceAddresses {

    /** IPv4 addresses by interface name, in the order the source lists them; empty when none can be read. */
    Map<String, List<Ipv4Address>> ipv4();

    /**
     * The addresses of the network namespace this JVM runs in. The network and the ip collectors both need them in
     * every sample, and the JVM lists them with a few system calls per interface and address: a listing is given
     * again for half a second, so that one sample lists them once.
     */
    static InterfaceAddresses system() {
        return Reused.withinSample(InterfaceAddresses::readSystem)::get;
    }

    /** {@code source}'s listings, each given again until {@code reuseNanos} have passed on {@code nanoClock}. */
    static InterfaceAddresses reused(InterfaceAddresses source, long reuseNanos, LongSupplier nanoClock) {
        return new Reused<>(source::ipv4, reuseNanos, nanoClock)::get;
    }

    /** A fixed table, for machines that are not this one. */
    static InterfaceAddresses of(Map<String, List<Ipv4Address>> addresses) {
        Map<String, List<Ipv4Address>> copy = Map.copyOf(addresses);
        return () -> copy;
    }

    private static Map<String, List<Ipv4Address>> readSystem() {
        Map<String, List<Ipv4Address>> byName = new LinkedHashMap<>();
        try {
            Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                NetworkInterface nic = interfaces.nextElement();
                List<Ipv4Address> addresses = new ArrayList<>();
                for (InterfaceAddress address : nic.getInterfaceAddresses()) {
                    if (address.getAddress() instanceof Inet4Address inet4) {
                        addresses.add(new Ipv4Address(inet4.getHostAddress(), address.getNetworkPrefixLength()));
                    }
                }
                if (!addresses.isEmpty()) {
                    byName.put(nic.getName(), List.copyOf(addresses));
                }
            }
        } catch (SocketException | RuntimeException e) {
            // No address can be listed (no permission, interfaces changing under us): say so with an empty table.
            return Map.of();
        }
        return byName;
    }
}
