package io.fleetglance.agent.collect;

import io.fleetglance.proto.IpReading;
import io.fleetglance.proto.Sample;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the machine's private IPv4 address for the ip plugin, chosen as Glances chooses it: the <em>last</em>
 * interface of {@code /proc/net/dev} that is up, is not {@code lo} and has an IPv4 address, and its first address.
 * Glances declares a gateway but never fills it; here it is the default route's gateway in {@code /proc/net/route}
 * (the one with the lowest metric). Without such an interface the reading is empty, as Glances answers {@code {}}.
 */
public final class IpCollector implements Collector {

    private static final int RTF_UP = 0x1;
    private static final int RTF_GATEWAY = 0x2;

    private final HostRoot root;
    private final InterfaceAddresses addresses;

    /** A collector for the machine under {@code root}, with the addresses of the network namespace the JVM runs in. */
    public IpCollector(HostRoot root) {
        this(root, InterfaceAddresses.system());
    }

    /** A collector for the machine under {@code root}, with interface addresses from {@code addresses}. */
    public IpCollector(HostRoot root, InterfaceAddresses addresses) {
        this.root = root;
        this.addresses = addresses;
    }

    @Override
    public List<String> plugins() {
        return List.of("ip");
    }

    @Override
    public void collect(Sample.Builder sample) {
        IpReading.Builder reading = IpReading.newBuilder();
        Optional<String> dev = ProcText.read(root.resolve("/proc/net/dev"));
        if (dev.isPresent()) {
            Map<String, List<Ipv4Address>> ipv4 = addresses.ipv4();
            String chosen = null;
            List<String> lines = ProcText.lines(dev.get());
            for (int i = 2; i < lines.size(); i++) {
                int colon = lines.get(i).indexOf(':');
                String name = colon > 0 ? lines.get(i).substring(0, colon).trim() : "";
                List<Ipv4Address> own = ipv4.get(name);
                if (!name.isEmpty() && !name.equals("lo") && own != null && !own.isEmpty()
                        && LinkState.isUp(root, name)) {
                    chosen = name;
                }
            }
            if (chosen != null) {
                Ipv4Address address = ipv4.get(chosen).get(0);
                reading.setInterface(chosen)
                        .setAddress(address.address())
                        .setMask(address.mask())
                        .setMaskCidr(address.prefixLength());
            }
        }
        defaultGateway().ifPresent(reading::setGateway);
        sample.setIp(reading);
    }

    /**
     * The gateway of the usable default route with the lowest metric (the first of equals), dotted. The kernel prints
     * addresses as the hex of their in-memory 32 bits, so on a little-endian machine the bytes read backwards.
     */
    private Optional<String> defaultGateway() {
        Optional<String> route = ProcText.read(root.resolve("/proc/net/route"));
        if (route.isEmpty()) {
            return Optional.empty();
        }
        String gateway = null;
        long bestMetric = Long.MAX_VALUE;
        List<String> lines = ProcText.lines(route.get());
        for (int i = 1; i < lines.size(); i++) {
            // Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT
            List<String> columns = ProcText.columns(lines.get(i));
            if (columns.size() < 8 || !columns.get(1).equals("00000000") || !columns.get(7).equals("00000000")) {
                continue;
            }
            try {
                int flags = Integer.parseInt(columns.get(3), 16);
                long metric = Long.parseLong(columns.get(6));
                if ((flags & RTF_UP) != 0 && (flags & RTF_GATEWAY) != 0 && metric < bestMetric) {
                    gateway = dotted(Long.parseLong(columns.get(2), 16));
                    bestMetric = metric;
                }
            } catch (NumberFormatException e) {
                // Not a route line; look at the next.
            }
        }
        return Optional.ofNullable(gateway);
    }

    private static String dotted(long hex) {
        int bits = (int) hex;
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            bits = Integer.reverseBytes(bits);
        }
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }
}
