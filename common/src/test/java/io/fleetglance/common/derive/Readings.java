package io.fleetglance.common.derive;

import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.ClockReading;
import io.fleetglance.proto.CoreReading;
import io.fleetglance.proto.CpuReading;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.LoadReading;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.OsFacts;
import io.fleetglance.proto.PercpuReading;
import io.fleetglance.proto.PercpuTimes;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SwapReading;
import io.fleetglance.proto.SystemReading;
import io.fleetglance.proto.UptimeReading;

/** Plain raw readings for derive tests, built as an agent would send them. */
final class Readings {

    /** The shipped declaration of one plugin. */
    static PluginSpec spec(String plugin) {
        return GlancesPlugins.catalogue().plugin(plugin).orElseThrow();
    }

    /** 2026-11-26T16:58:06.910354Z, the time of the reference Glances samples. */
    static final long WALL_US = 1_795_712_286_910_354L;

    private Readings() {
    }

    /** A sample taken {@code monoNs} into the agent's monotonic clock, at {@link #WALL_US} plus the same offset. */
    static Sample.Builder sampleAt(long monoNs) {
        return Sample.newBuilder().setSeq(1).setMonoTimeNs(monoNs).setWallTimeUs(WALL_US + monoNs / 1000);
    }

    /** Ticks in /proc/stat order: user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice. */
    static CpuTimes ticks(long... t) {
        return CpuTimes.newBuilder().setUser(t[0]).setNice(t[1]).setSystem(t[2]).setIdle(t[3]).setIowait(t[4])
                .setIrq(t[5]).setSoftirq(t[6]).setSteal(t[7]).setGuest(t[8]).setGuestNice(t[9]).build();
    }

    static CpuReading cpu(CpuTimes times, long ctxSwitches, long interrupts, long softInterrupts, long syscalls) {
        return CpuReading.newBuilder().setTimes(times).setCtxSwitches(ctxSwitches).setInterrupts(interrupts)
                .setSoftInterrupts(softInterrupts).setSyscalls(syscalls).build();
    }

    static PercpuReading percpu(CpuTimes... cpus) {
        PercpuReading.Builder reading = PercpuReading.newBuilder();
        for (int i = 0; i < cpus.length; i++) {
            reading.addCpus(PercpuTimes.newBuilder().setCpuNumber(i).setTimes(cpus[i]));
        }
        return reading.build();
    }

    static CoreReading core(int phys, int log) {
        return CoreReading.newBuilder().setPhys(phys).setLog(log).build();
    }

    static LoadReading load(double min1, double min5, double min15) {
        return LoadReading.newBuilder().setMin1(min1).setMin5(min5).setMin15(min15).build();
    }

    /** The memory of the reference VM (mem.json), with the given available bytes. */
    static MemReading mem(long available) {
        return MemReading.newBuilder().setTotal(25_325_268_992L).setAvailable(available).setFree(23_984_443_392L)
                .setActive(390_713_344L).setInactive(790_073_344L).setBuffers(58_060_800L).setCached(1_131_991_040L)
                .setShared(9_068_544L).setSlab(123_456L).build();
    }

    static SwapReading swap(long total, long free, long sin, long sout) {
        return SwapReading.newBuilder().setTotal(total).setFree(free).setSin(sin).setSout(sout).build();
    }

    static SystemReading debianVm() {
        return SystemReading.newBuilder().setOs(OsFacts.newBuilder().setOsName("Linux").setHostname("vm")
                .setPlatform("64bit").setOsVersion("6.18.44-fc-v657").setLinuxDistro("Debian GNU/Linux 12")
                .setMachine("x86_64")).build();
    }

    static UptimeReading bootedAt(long bootTimeS) {
        return UptimeReading.newBuilder().setBootTimeS(bootTimeS).setSeconds(0).build();
    }

    static ClockReading clock(int utcOffsetS, String zone) {
        return ClockReading.newBuilder().setUtcOffsetS(utcOffsetS).setZoneAbbreviation(zone).build();
    }

    static Process process(int pid, String state, int threads) {
        return Process.newBuilder().setPid(pid).setState(state).setNumThreads(threads).setName("p" + pid).build();
    }

    static ProcessTable table(int pidMax, Process... processes) {
        ProcessTable.Builder table = ProcessTable.newBuilder().setPidMax(pidMax).setClockTicks(100).setPageSize(4096);
        for (Process process : processes) {
            table.addProcesses(process);
        }
        return table.build();
    }
}
