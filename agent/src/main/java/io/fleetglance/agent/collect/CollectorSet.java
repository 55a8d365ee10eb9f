package io.fleetglance.agent.collect;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's standard set of collectors for one host root, with the process collector kept at hand because the
 * stream client steers it (extended stats of one pid, resending process facts after a reconnect).
 *
 * <p>Typical use: {@code CollectorSet collectors = CollectorSet.standard(HostRoot.system());} then call {@code collect}
 * on each of {@link #all()} every period, and {@code collectors.processes().setExtendedPid(pid)} when the hub asks.
 */
public final class CollectorSet {

    private final List<Collector> all;
    private final ProcessCollector processes;
    private final SystemCollector system;
    private final SmartCollector smart;

    private CollectorSet(List<Collector> all, ProcessCollector processes, SystemCollector system, SmartCollector smart) {
        this.all = all;
        this.processes = processes;
        this.system = system;
        this.smart = smart;
    }

    /**
     * One collector per plugin family, reading the machine under {@code root}, the local clock in the JVM's default
     * zone. Order: the cheap system-wide readings first and the process scan last, so that cpu ticks, memory and
     * load of one sample are taken as close together as possible.
     */
    public static CollectorSet standard(HostRoot root) {
        // /proc/meminfo and the interface addresses: each read once per sample for the collectors that share them
        Reused<Optional<MemInfo>> meminfo = Reused.withinSample(MemInfo.reader(root));
        ProcessCollector processes = new ProcessCollector(root, meminfo);
        SystemCollector system = new SystemCollector(root);
        SmartCollector smart = new SmartCollector();
        InterfaceAddresses addresses = InterfaceAddresses.system();
        List<Collector> all = List.of(
                new CpuCollector(root),
                new LoadCollector(root),
                new MemCollector(meminfo),
                new SwapCollector(root, meminfo),
                new CoreCollector(root),
                new UptimeCollector(root),
                new ClockCollector(Clock.systemDefaultZone()),
                system,
                new NetworkCollector(root, addresses),
                new DiskIoCollector(root),
                new FsCollector(root),
                new SensorsCollector(root),
                new WifiCollector(root),
                new RaidCollector(root),
                new IrqCollector(root),
                new ConnectionsCollector(root),
                new IpCollector(root, addresses),
                new CpuInfoCollector(root),
                new GpuCollector(root),
                smart,
                new ContainersCollector(root),
                new PortsCollector(root),
                new FoldersCollector(root),
                new AmpsCollector(root),
                new VmsCollector(),
                new CloudCollector(),
                processes);
        return new CollectorSet(all, processes, system, smart);
    }

    /** Every collector of the set, in collecting order; the list is unmodifiable. */
    public List<Collector> all() {
        return all;
    }

    /**
     * Hands the configuration in force to every collector (see {@link Collector#configure(Set, Map)}); call it at
     * start and whenever the hub's Welcome brings one. Safe from any thread.
     */
    public void configure(Set<String> disabledPlugins, Map<String, Map<String, String>> sections) {
        for (Collector collector : all) {
            collector.configure(disabledPlugins, sections);
        }
    }

    /** The process collector of the set (also in {@link #all()}). */
    public ProcessCollector processes() {
        return processes;
    }

    /**
     * The SMART collector of the set (also in {@link #all()}), off until enabled: Glances disables the smart plugin
     * by default, and reading it spawns smartctl for every disk.
     */
    public SmartCollector smart() {
        return smart;
    }

    /** The system collector of the set (also in {@link #all()}), whose facts also go into the stream's Hello. */
    public SystemCollector system() {
        return system;
    }
}
