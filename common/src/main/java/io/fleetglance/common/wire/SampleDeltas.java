package io.fleetglance.common.wire;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.fleetglance.proto.AmpsReading;
import io.fleetglance.proto.ClockReading;
import io.fleetglance.proto.CloudReading;
import io.fleetglance.proto.ConnectionsReading;
import io.fleetglance.proto.ContainersReading;
import io.fleetglance.proto.CoreReading;
import io.fleetglance.proto.CpuInfoReading;
import io.fleetglance.proto.CpuReading;
import io.fleetglance.proto.DiskIoReading;
import io.fleetglance.proto.FoldersReading;
import io.fleetglance.proto.FsReading;
import io.fleetglance.proto.GpuReading;
import io.fleetglance.proto.IpReading;
import io.fleetglance.proto.IrqReading;
import io.fleetglance.proto.LoadReading;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.NetworkReading;
import io.fleetglance.proto.PercpuReading;
import io.fleetglance.proto.PortsReading;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.RaidReading;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SensorsReading;
import io.fleetglance.proto.SmartReading;
import io.fleetglance.proto.SwapReading;
import io.fleetglance.proto.SystemReading;
import io.fleetglance.proto.UptimeReading;
import io.fleetglance.proto.VmsReading;
import io.fleetglance.proto.WifiReading;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples sent as what changed since the one before them on a stream (ingest.proto, {@code Sample.base_seq}): the
 * agent {@linkplain #encode encodes} each sample against the one it sent before, the hub {@linkplain #apply rebuilds}
 * it against the one it rebuilt before. A reading that did not change is left out; the process table lists only the
 * processes that are new, changed (with only their changed fields) or gone. Values are absolute, never differences,
 * so a rebuilt sample is the agent's, field for field and in the same order.
 */
public final class SampleDeltas {

    /**
     * The field numbers of every reading of a sample (its message fields) but the process table, which has its own
     * rules. Readings are read and set through the generated accessors ({@link #reading}, {@link #setReading}):
     * protobuf's descriptor-based {@code hasField}/{@code getField}/{@code setField} go through
     * {@code Method.invoke}, four calls per reading and sample on the agent and three on the hub.
     */
    static final int[] READINGS = {
            Sample.CPU_FIELD_NUMBER,
            Sample.PERCPU_FIELD_NUMBER,
            Sample.CORE_FIELD_NUMBER,
            Sample.LOAD_FIELD_NUMBER,
            Sample.MEM_FIELD_NUMBER,
            Sample.MEMSWAP_FIELD_NUMBER,
            Sample.SYSTEM_FIELD_NUMBER,
            Sample.UPTIME_FIELD_NUMBER,
            Sample.NOW_FIELD_NUMBER,
            Sample.NETWORK_FIELD_NUMBER,
            Sample.DISKIO_FIELD_NUMBER,
            Sample.FS_FIELD_NUMBER,
            Sample.SENSORS_FIELD_NUMBER,
            Sample.GPU_FIELD_NUMBER,
            Sample.CONTAINERS_FIELD_NUMBER,
            Sample.RAID_FIELD_NUMBER,
            Sample.SMART_FIELD_NUMBER,
            Sample.WIFI_FIELD_NUMBER,
            Sample.IRQ_FIELD_NUMBER,
            Sample.CONNECTIONS_FIELD_NUMBER,
            Sample.PORTS_FIELD_NUMBER,
            Sample.FOLDERS_FIELD_NUMBER,
            Sample.AMPS_FIELD_NUMBER,
            Sample.IP_FIELD_NUMBER,
            Sample.CPUINFO_FIELD_NUMBER,
            Sample.CLOUD_FIELD_NUMBER,
            Sample.VMS_FIELD_NUMBER};

    static {
        int[] declared = Sample.getDescriptor().getFields().stream()
                .filter(f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated()
                        && f.getNumber() != Sample.PROCESSES_FIELD_NUMBER)
                .mapToInt(FieldDescriptor::getNumber).sorted().toArray();
        if (!Arrays.equals(declared, READINGS)) {
            throw new IllegalStateException("SampleDeltas lists the readings " + Arrays.toString(READINGS)
                    + " but Sample declares " + Arrays.toString(declared) + ": list each reading once");
        }
    }

    /** Reading {@code number} of {@code s}, or null when {@code s} has none. */
    static Message reading(Sample s, int number) {
        return switch (number) {
            case Sample.CPU_FIELD_NUMBER -> s.hasCpu() ? s.getCpu() : null;
            case Sample.PERCPU_FIELD_NUMBER -> s.hasPercpu() ? s.getPercpu() : null;
            case Sample.CORE_FIELD_NUMBER -> s.hasCore() ? s.getCore() : null;
            case Sample.LOAD_FIELD_NUMBER -> s.hasLoad() ? s.getLoad() : null;
            case Sample.MEM_FIELD_NUMBER -> s.hasMem() ? s.getMem() : null;
            case Sample.MEMSWAP_FIELD_NUMBER -> s.hasMemswap() ? s.getMemswap() : null;
            case Sample.SYSTEM_FIELD_NUMBER -> s.hasSystem() ? s.getSystem() : null;
            case Sample.UPTIME_FIELD_NUMBER -> s.hasUptime() ? s.getUptime() : null;
            case Sample.NOW_FIELD_NUMBER -> s.hasNow() ? s.getNow() : null;
            case Sample.NETWORK_FIELD_NUMBER -> s.hasNetwork() ? s.getNetwork() : null;
            case Sample.DISKIO_FIELD_NUMBER -> s.hasDiskio() ? s.getDiskio() : null;
            case Sample.FS_FIELD_NUMBER -> s.hasFs() ? s.getFs() : null;
            case Sample.SENSORS_FIELD_NUMBER -> s.hasSensors() ? s.getSensors() : null;
            case Sample.GPU_FIELD_NUMBER -> s.hasGpu() ? s.getGpu() : null;
            case Sample.CONTAINERS_FIELD_NUMBER -> s.hasContainers() ? s.getContainers() : null;
            case Sample.RAID_FIELD_NUMBER -> s.hasRaid() ? s.getRaid() : null;
            case Sample.SMART_FIELD_NUMBER -> s.hasSmart() ? s.getSmart() : null;
            case Sample.WIFI_FIELD_NUMBER -> s.hasWifi() ? s.getWifi() : null;
            case Sample.IRQ_FIELD_NUMBER -> s.hasIrq() ? s.getIrq() : null;
            case Sample.CONNECTIONS_FIELD_NUMBER -> s.hasConnections() ? s.getConnections() : null;
            case Sample.PORTS_FIELD_NUMBER -> s.hasPorts() ? s.getPorts() : null;
            case Sample.FOLDERS_FIELD_NUMBER -> s.hasFolders() ? s.getFolders() : null;
            case Sample.AMPS_FIELD_NUMBER -> s.hasAmps() ? s.getAmps() : null;
            case Sample.IP_FIELD_NUMBER -> s.hasIp() ? s.getIp() : null;
            case Sample.CPUINFO_FIELD_NUMBER -> s.hasCpuinfo() ? s.getCpuinfo() : null;
            case Sample.CLOUD_FIELD_NUMBER -> s.hasCloud() ? s.getCloud() : null;
            case Sample.VMS_FIELD_NUMBER -> s.hasVms() ? s.getVms() : null;
            default -> throw new IllegalArgumentException("no reading " + number);
        };
    }

    private static void setReading(Sample.Builder b, int number, Message reading) {
        switch (number) {
            case Sample.CPU_FIELD_NUMBER -> b.setCpu((CpuReading) reading);
            case Sample.PERCPU_FIELD_NUMBER -> b.setPercpu((PercpuReading) reading);
            case Sample.CORE_FIELD_NUMBER -> b.setCore((CoreReading) reading);
            case Sample.LOAD_FIELD_NUMBER -> b.setLoad((LoadReading) reading);
            case Sample.MEM_FIELD_NUMBER -> b.setMem((MemReading) reading);
            case Sample.MEMSWAP_FIELD_NUMBER -> b.setMemswap((SwapReading) reading);
            case Sample.SYSTEM_FIELD_NUMBER -> b.setSystem((SystemReading) reading);
            case Sample.UPTIME_FIELD_NUMBER -> b.setUptime((UptimeReading) reading);
            case Sample.NOW_FIELD_NUMBER -> b.setNow((ClockReading) reading);
            case Sample.NETWORK_FIELD_NUMBER -> b.setNetwork((NetworkReading) reading);
            case Sample.DISKIO_FIELD_NUMBER -> b.setDiskio((DiskIoReading) reading);
            case Sample.FS_FIELD_NUMBER -> b.setFs((FsReading) reading);
            case Sample.SENSORS_FIELD_NUMBER -> b.setSensors((SensorsReading) reading);
            case Sample.GPU_FIELD_NUMBER -> b.setGpu((GpuReading) reading);
            case Sample.CONTAINERS_FIELD_NUMBER -> b.setContainers((ContainersReading) reading);
            case Sample.RAID_FIELD_NUMBER -> b.setRaid((RaidReading) reading);
            case Sample.SMART_FIELD_NUMBER -> b.setSmart((SmartReading) reading);
            case Sample.WIFI_FIELD_NUMBER -> b.setWifi((WifiReading) reading);
            case Sample.IRQ_FIELD_NUMBER -> b.setIrq((IrqReading) reading);
            case Sample.CONNECTIONS_FIELD_NUMBER -> b.setConnections((ConnectionsReading) reading);
            case Sample.PORTS_FIELD_NUMBER -> b.setPorts((PortsReading) reading);
            case Sample.FOLDERS_FIELD_NUMBER -> b.setFolders((FoldersReading) reading);
            case Sample.AMPS_FIELD_NUMBER -> b.setAmps((AmpsReading) reading);
            case Sample.IP_FIELD_NUMBER -> b.setIp((IpReading) reading);
            case Sample.CPUINFO_FIELD_NUMBER -> b.setCpuinfo((CpuInfoReading) reading);
            case Sample.CLOUD_FIELD_NUMBER -> b.setCloud((CloudReading) reading);
            case Sample.VMS_FIELD_NUMBER -> b.setVms((VmsReading) reading);
            default -> throw new IllegalArgumentException("no reading " + number);
        }
    }

    private SampleDeltas() {
    }

    /**
     * {@code full} as a delta against {@code base}, the sample sent just before it on the same stream; null when it
     * must go whole (no base, or a process table out of pid order, which a delta cannot rebuild).
     */
    public static Sample encode(Sample base, Sample full) {
        if (base == null || base.getBaseSeq() != 0 || full.getBaseSeq() != 0
                || !ascending(base.getProcesses()) || !ascending(full.getProcesses())) {
            return null;
        }
        Sample.Builder delta = Sample.newBuilder().setSeq(full.getSeq()).setWallTimeUs(full.getWallTimeUs())
                .setMonoTimeNs(full.getMonoTimeNs()).setDroppedSamples(full.getDroppedSamples())
                .setBaseSeq(base.getSeq());
        for (int n : READINGS) {
            Message now = reading(full, n);
            Message before = reading(base, n);
            if (now != null) {
                if (!now.equals(before)) {
                    setReading(delta, n, now);
                }
            } else if (before != null) {
                delta.addGoneReadings(n);
            }
        }
        if (full.hasProcesses()) {
            ProcessTable table = tableDelta(base.getProcesses(), full.getProcesses());
            if (table == null) {
                return null;
            }
            delta.setProcesses(table);
        } else if (base.hasProcesses()) {
            delta.addGoneReadings(Sample.PROCESSES_FIELD_NUMBER);
        }
        return delta.build();
    }

    /**
     * The whole sample {@code delta} stands for, {@code base} being the sample rebuilt just before it on the same
     * stream.
     *
     * @throws IllegalArgumentException when the delta does not fit its base (another base seq, a table out of pid
     *                                  order, a cleared field that cannot be cleared)
     */
    public static Sample apply(Sample base, Sample delta) {
        if (delta.getBaseSeq() == 0) {
            return delta;
        }
        if (base == null) {
            throw new IllegalArgumentException("sample " + delta.getSeq() + " is a delta, but no sample came before "
                    + "it on this stream");
        }
        if (delta.getBaseSeq() != base.getSeq()) {
            throw new IllegalArgumentException("sample " + delta.getSeq() + " is a delta against sample "
                    + delta.getBaseSeq() + ", but the sample before it on this stream was " + base.getSeq());
        }
        int[] gone = sorted(delta.getGoneReadingsList());
        Sample.Builder full = delta.toBuilder().clearBaseSeq().clearGoneReadings();
        for (int n : READINGS) {
            Message before;
            if (reading(delta, n) == null && (before = reading(base, n)) != null && Arrays.binarySearch(gone, n) < 0) {
                setReading(full, n, before);
            }
        }
        boolean tableGone = Arrays.binarySearch(gone, Sample.PROCESSES_FIELD_NUMBER) >= 0;
        if (delta.hasProcesses() || (base.hasProcesses() && !tableGone)) {
            full.setProcesses(applyTable(base.getProcesses(), delta.getProcesses()));
        }
        return full.build();
    }

    private static ProcessTable tableDelta(ProcessTable base, ProcessTable full) {
        ProcessTable.Builder d = ProcessTable.newBuilder();
        if (full.getPidMax() != base.getPidMax()) {
            d.setPidMax(full.getPidMax());
        }
        if (full.getClockTicks() != base.getClockTicks()) {
            d.setClockTicks(full.getClockTicks());
        }
        if (full.getPageSize() != base.getPageSize()) {
            d.setPageSize(full.getPageSize());
        }
        if (full.getMemTotal() != base.getMemTotal()) {
            d.setMemTotal(full.getMemTotal());
        }
        if ((full.getPidMax() == 0 && base.getPidMax() != 0) || (full.getClockTicks() == 0 && base.getClockTicks() != 0)
                || (full.getPageSize() == 0 && base.getPageSize() != 0)
                || (full.getMemTotal() == 0 && base.getMemTotal() != 0)) {
            return null; // a zero here reads as "the base's": such a table goes whole
        }
        if (full.hasExtended()) {
            d.setExtended(full.getExtended());
        }
        List<Process> was = base.getProcessesList();
        List<Process> now = full.getProcessesList();
        int i = 0;
        int j = 0;
        while (i < was.size() || j < now.size()) {
            Process b = i < was.size() ? was.get(i) : null;
            Process f = j < now.size() ? now.get(j) : null;
            if (f == null || (b != null && b.getPid() < f.getPid())) {
                d.addGonePids(b.getPid());
                i++;
            } else if (b == null || f.getPid() < b.getPid()) {
                d.addProcesses(f);
                j++;
            } else {
                if (f == b) {
                    // the very process message of the sample before: the agent's reader found its stat unchanged
                } else if (f.getStartTime() != b.getStartTime()) {
                    d.addGonePids(b.getPid()).addProcesses(f); // the pid was taken by a new process
                } else {
                    Process changed = processDelta(b, f);
                    if (changed != null) {
                        d.addProcesses(changed);
                    }
                }
                i++;
                j++;
            }
        }
        return d.build();
    }

    /** What changed in process {@code f} since {@code b} (the same pid and start time); null when nothing did. */
    private static Process processDelta(Process b, Process f) {
        Process.Builder d = Process.newBuilder().setPid(f.getPid());
        boolean changed = false;
        if (f.getPpid() != b.getPpid()) {
            changed = true;
            if (f.getPpid() == 0) {
                d.addCleared(Process.PPID_FIELD_NUMBER);
            } else {
                d.setPpid(f.getPpid());
            }
        }
        if (!f.getName().equals(b.getName())) {
            changed = true;
            if (f.getName().isEmpty()) {
                d.addCleared(Process.NAME_FIELD_NUMBER);
            } else {
                d.setName(f.getName());
            }
        }
        if (!f.getState().equals(b.getState())) {
            changed = true;
            if (f.getState().isEmpty()) {
                d.addCleared(Process.STATE_FIELD_NUMBER);
            } else {
                d.setState(f.getState());
            }
        }
        if (f.getNumThreads() != b.getNumThreads()) {
            changed = true;
            if (f.getNumThreads() == 0) {
                d.addCleared(Process.NUM_THREADS_FIELD_NUMBER);
            } else {
                d.setNumThreads(f.getNumThreads());
            }
        }
        if (f.getNice() != b.getNice()) {
            changed = true;
            if (f.getNice() == 0) {
                d.addCleared(Process.NICE_FIELD_NUMBER);
            } else {
                d.setNice(f.getNice());
            }
        }
        if (f.getCpuNum() != b.getCpuNum()) {
            changed = true;
            if (f.getCpuNum() == 0) {
                d.addCleared(Process.CPU_NUM_FIELD_NUMBER);
            } else {
                d.setCpuNum(f.getCpuNum());
            }
        }
        if (f.hasIo() != b.hasIo() || !f.getIo().equals(b.getIo())) {
            changed = true;
            if (f.hasIo()) {
                d.setIo(f.getIo());
            } else {
                d.addCleared(Process.IO_FIELD_NUMBER);
            }
        }
        if (f.hasFacts()) {
            changed = true;
            d.setFacts(f.getFacts());
        }
        // the counters, sizes and ids: unsigned 64- and 32-bit fields, compared as longs
        for (int k = 0; k < NUMBERS.length; k++) {
            long now = number(f, k);
            if (now != number(b, k)) {
                changed = true;
                if (now == 0) {
                    d.addCleared(NUMBERS[k]);
                } else {
                    setNumber(d, k, now);
                }
            }
        }
        return changed ? d.build() : null;
    }

    /** The unsigned numeric fields of a process, in the order {@link #number} and {@link #setNumber} use. */
    private static final int[] NUMBERS = {
        Process.UTIME_FIELD_NUMBER, Process.STIME_FIELD_NUMBER, Process.CUTIME_FIELD_NUMBER,
        Process.CSTIME_FIELD_NUMBER, Process.BLKIO_TICKS_FIELD_NUMBER, Process.RSS_FIELD_NUMBER,
        Process.VMS_FIELD_NUMBER, Process.SHARED_FIELD_NUMBER, Process.TEXT_FIELD_NUMBER, Process.LIB_FIELD_NUMBER,
        Process.DATA_FIELD_NUMBER, Process.DIRTY_FIELD_NUMBER, Process.UID_REAL_FIELD_NUMBER,
        Process.UID_EFFECTIVE_FIELD_NUMBER, Process.UID_SAVED_FIELD_NUMBER, Process.GID_REAL_FIELD_NUMBER,
        Process.GID_EFFECTIVE_FIELD_NUMBER, Process.GID_SAVED_FIELD_NUMBER,
    };

    private static long number(Process p, int k) {
        return switch (k) {
            case 0 -> p.getUtime();
            case 1 -> p.getStime();
            case 2 -> p.getCutime();
            case 3 -> p.getCstime();
            case 4 -> p.getBlkioTicks();
            case 5 -> p.getRss();
            case 6 -> p.getVms();
            case 7 -> p.getShared();
            case 8 -> p.getText();
            case 9 -> p.getLib();
            case 10 -> p.getData();
            case 11 -> p.getDirty();
            case 12 -> p.getUidReal();
            case 13 -> p.getUidEffective();
            case 14 -> p.getUidSaved();
            case 15 -> p.getGidReal();
            case 16 -> p.getGidEffective();
            case 17 -> p.getGidSaved();
            default -> throw new IllegalStateException("no numeric field " + k);
        };
    }

    private static void setNumber(Process.Builder d, int k, long v) {
        switch (k) {
            case 0 -> d.setUtime(v);
            case 1 -> d.setStime(v);
            case 2 -> d.setCutime(v);
            case 3 -> d.setCstime(v);
            case 4 -> d.setBlkioTicks(v);
            case 5 -> d.setRss(v);
            case 6 -> d.setVms(v);
            case 7 -> d.setShared(v);
            case 8 -> d.setText(v);
            case 9 -> d.setLib(v);
            case 10 -> d.setData(v);
            case 11 -> d.setDirty(v);
            case 12 -> d.setUidReal((int) v);
            case 13 -> d.setUidEffective((int) v);
            case 14 -> d.setUidSaved((int) v);
            case 15 -> d.setGidReal((int) v);
            case 16 -> d.setGidEffective((int) v);
            case 17 -> d.setGidSaved((int) v);
            default -> throw new IllegalStateException("no numeric field " + k);
        }
    }

    private static ProcessTable applyTable(ProcessTable base, ProcessTable delta) {
        ProcessTable.Builder t = ProcessTable.newBuilder()
                .setPidMax(delta.getPidMax() != 0 ? delta.getPidMax() : base.getPidMax())
                .setClockTicks(delta.getClockTicks() != 0 ? delta.getClockTicks() : base.getClockTicks())
                .setPageSize(delta.getPageSize() != 0 ? delta.getPageSize() : base.getPageSize())
                .setMemTotal(delta.getMemTotal() != 0 ? delta.getMemTotal() : base.getMemTotal());
        if (delta.hasExtended()) {
            t.setExtended(delta.getExtended());
        }
        if (!ascending(base)) {
            throw new IllegalArgumentException("a delta's process table cannot apply to a base out of pid order");
        }
        if (!ascending(delta)) {
            throw new IllegalArgumentException("a delta's processes are not in ascending pid order");
        }
        int[] gone = sorted(delta.getGonePidsList());
        List<Process> was = base.getProcessesList();
        List<Process> changes = delta.getProcessesList();
        List<Process> now = new ArrayList<>(was.size() + changes.size());
        Process.Builder scratch = Process.newBuilder(); // one builder for the table's merges, not one per process
        int i = 0;
        int j = 0;
        while (i < was.size() || j < changes.size()) {
            Process b = i < was.size() ? was.get(i) : null;
            if (b != null && Arrays.binarySearch(gone, b.getPid()) >= 0) {
                i++;
                continue;
            }
            Process c = j < changes.size() ? changes.get(j) : null;
            if (c == null || (b != null && b.getPid() < c.getPid())) {
                now.add(b.hasFacts() ? b.toBuilder().clearFacts().build() : b); // facts go once, never inherited
                i++;
            } else if (b == null || c.getPid() < b.getPid()) {
                if (c.getClearedCount() > 0) {
                    throw new IllegalArgumentException("process " + c.getPid() + " is new but clears fields");
                }
                now.add(c);
                j++;
            } else {
                now.add(merge(b, c, scratch));
                i++;
                j++;
            }
        }
        return t.addAllProcesses(now).build();
    }

    private static Process merge(Process b, Process c, Process.Builder scratch) {
        if (c.getStartTime() != 0 && c.getStartTime() != b.getStartTime()) {
            throw new IllegalArgumentException("process " + c.getPid() + " changed its start time without being "
                    + "listed as gone");
        }
        Process.Builder p = scratch.clear().mergeFrom(b).clearFacts().mergeFrom(c).clearCleared();
        if (c.hasIo()) {
            p.setIo(c.getIo()); // replaced whole, not merged field by field
        }
        for (int n : c.getClearedList()) {
            FieldDescriptor f = Process.getDescriptor().findFieldByNumber(n);
            if (f == null || f.isRepeated() || n == Process.PID_FIELD_NUMBER || n == Process.START_TIME_FIELD_NUMBER
                    || n == Process.FACTS_FIELD_NUMBER) {
                throw new IllegalArgumentException("process " + c.getPid() + " clears field " + n
                        + ", which cannot be cleared");
            }
            p.clearField(f);
        }
        return p.build();
    }

    private static boolean ascending(ProcessTable table) {
        int last = Integer.MIN_VALUE;
        for (int k = 0; k < table.getProcessesCount(); k++) {
            int pid = table.getProcesses(k).getPid();
            if (k > 0 && pid <= last) {
                return false;
            }
            last = pid;
        }
        return true;
    }

    private static int[] sorted(List<Integer> values) {
        int[] a = new int[values.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = values.get(k);
        }
        Arrays.sort(a);
        return a;
    }
}
