package io.fleetglance.agent.collect;

import io.fleetglance.proto.NetInterface;
import io.fleetglance.proto.NetworkReading;
import io.fleetglance.proto.Sample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the cumulative counters of every interface in {@code /proc/net/dev}, with its link state from
 * {@code /sys/class/net} (speed and MTU read again when a link goes up or down, and every
 * {@link #LINK_REFRESH_SAMPLES} samples) and whether it has an IPv4 address, for the network plugin. Every interface
 * is sent; hiding ({@code [network] hide}, {@code hide_no_up}, {@code hide_no_ip}) is the hub's business.
 */
public final class NetworkCollector implements Collector {

    /** Receive and transmit columns of a {@code /proc/net/dev} line, as psutil requires them all. */
    private static final int COLUMNS = 16;

    /** Every this many samples the speed and MTU of every link are read again, whether or not it went down. */
    static final int LINK_REFRESH_SAMPLES = 60;

    private final HostRoot root;
    private final KeptOpenFile dev;
    private final InterfaceAddresses addresses;
    /** The link state of each interface of the last sample, whose speed and MTU stand while it stays up or down. */
    private Map<String, LinkState> links = Map.of();
    /** The sysfs files of each interface of the last sample, kept open for the next. */
    private Map<String, LinkState.Sysfs> sysfs = new HashMap<>();
    /** Whether {@code /sys/class/net} is the kernel's sysfs, whose files can be kept open; asked at each refresh. */
    private boolean kernelSysfs;
    private int samples;

    /** A collector for the machine under {@code root}, with the addresses of the network namespace the JVM runs in. */
    public NetworkCollector(HostRoot root) {
        this(root, InterfaceAddresses.system());
    }

    /** A collector for the machine under {@code root}, with interface addresses from {@code addresses}. */
    public NetworkCollector(HostRoot root, InterfaceAddresses addresses) {
        this.root = root;
        this.dev = new KeptOpenFile(root.resolve("/proc/net/dev"));
        this.addresses = addresses;
    }

    @Override
    public List<String> plugins() {
        return List.of("network");
    }

    @Override
    public void collect(Sample.Builder sample) {
        Optional<String> table = dev.read();
        if (table.isEmpty()) {
            return;
        }
        Map<String, List<Ipv4Address>> ipv4 = addresses.ipv4();
        NetworkReading.Builder reading = NetworkReading.newBuilder();
        List<String> lines = ProcText.lines(table.get());
        boolean refresh = samples++ % LINK_REFRESH_SAMPLES == 0;
        Map<String, LinkState> previous = refresh ? Map.of() : links;
        if (refresh) {
            // Opened again with the speed and MTU: a descriptor follows its interface through a rename, so two
            // interfaces that swapped names would read each other's state until then.
            closeAll(sysfs);
            sysfs = new HashMap<>();
            kernelSysfs = KeptOpenFile.onKernelFileSystem(root.resolve("/sys/class/net"));
        }
        links = new HashMap<>();
        Map<String, LinkState.Sysfs> kept = new HashMap<>();
        // The first two lines are the table's two-line header.
        for (int i = 2; i < lines.size(); i++) {
            NetInterface.Builder nic = counters(lines.get(i));
            if (nic == null) {
                continue;
            }
            String name = nic.getName();
            LinkState.Sysfs files = kept.get(name);
            if (files == null) {
                files = sysfs.remove(name);
                files = files != null ? files : LinkState.Sysfs.of(root, name, kernelSysfs);
                if (files != null) {
                    kept.put(name, files);
                }
            }
            LinkState link = LinkState.read(files, previous.get(name));
            links.put(name, link);
            List<Ipv4Address> own = ipv4.get(name);
            reading.addInterfaces(nic
                    .setIsUp(link.up())
                    .setSpeedMbps(link.speedMbps())
                    .setMtu(link.mtu())
                    .setHasIpv4(own != null && !own.isEmpty())
                    .setHasStats(link.present()));
        }
        closeAll(sysfs);   // the interfaces that are gone
        sysfs = kept;
        sample.setNetwork(reading);
    }

    private static void closeAll(Map<String, LinkState.Sysfs> files) {
        for (LinkState.Sysfs link : files.values()) {
            link.close();
        }
    }

    /** The name and counters of one {@code name: 16 numbers} line, or null when the line is not one. */
    static NetInterface.Builder counters(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = line.substring(0, colon).trim();
        List<String> columns = ProcText.columns(line.substring(colon + 1));
        if (name.isEmpty() || columns.size() < COLUMNS) {
            return null;
        }
        long[] values = new long[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            OptionalLong value = ProcText.unsigned(columns.get(i));
            if (value.isEmpty()) {
                return null;
            }
            values[i] = value.getAsLong();
        }
        // Receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets errs drop ...
        return NetInterface.newBuilder()
                .setName(name)
                .setBytesRecv(values[0])
                .setPacketsRecv(values[1])
                .setErrin(values[2])
                .setDropin(values[3])
                .setBytesSent(values[8])
                .setPacketsSent(values[9])
                .setErrout(values[10])
                .setDropout(values[11]);
    }
}
