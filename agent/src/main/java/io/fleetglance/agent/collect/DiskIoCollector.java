package io.fleetglance.agent.collect;

import io.fleetglance.proto.Disk;
import io.fleetglance.proto.DiskIoReading;
import io.fleetglance.proto.Sample;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the cumulative I/O counters of every block device in {@code /proc/diskstats} for the diskio plugin, as
 * psutil's {@code disk_io_counters(perdisk=True)} does: disks and partitions alike, sectors counted as 512 bytes
 * whatever the device's sector size (the kernel's unit for these columns). Every device is sent; the hub skips
 * {@code ram*}/{@code loop*} and applies {@code hide}/{@code show}.
 */
public final class DiskIoCollector implements Collector {

    /** The unit of the sector columns of /proc/diskstats, fixed by the kernel (not the device's sector size). */
    static final long SECTOR_SIZE = 512;

    private final KeptOpenFile diskstatsFile;

    /** A collector reading {@code /proc/diskstats} under {@code root}. */
    public DiskIoCollector(HostRoot root) {
        this.diskstatsFile = new KeptOpenFile(root.resolve("/proc/diskstats"));
    }

    @Override
    public List<String> plugins() {
        return List.of("diskio");
    }

    @Override
    public void collect(Sample.Builder sample) {
        Optional<String> diskstats = diskstatsFile.read();
        if (diskstats.isEmpty()) {
            return;
        }
        DiskIoReading.Builder reading = DiskIoReading.newBuilder();
        for (String line : ProcText.lines(diskstats.get())) {
            Disk disk = disk(ProcText.columns(line));
            if (disk != null) {
                reading.addDisks(disk);
            }
        }
        sample.setDiskio(reading);
    }

    /**
     * One device line: {@code major minor name} and then 11 counters (14 columns, Linux 2.6 to 4.17), 15 (4.18+, with
     * discards) or 17 (5.5+, with flushes), or the 4 counters of a partition on Linux 2.6 before 2.6.25 (7 columns).
     * Other widths are not a diskstats line and give null.
     */
    private static Disk disk(List<String> columns) {
        int width = columns.size();
        if (width != 7 && width != 14 && width < 18) {
            return null;
        }
        int counters = width == 7 ? 4 : 11;
        long[] value = new long[counters];
        for (int i = 0; i < counters; i++) {
            OptionalLong parsed = ProcText.unsigned(columns.get(3 + i));
            if (parsed.isEmpty()) {
                return null;
            }
            value[i] = parsed.getAsLong();
        }
        Disk.Builder disk = Disk.newBuilder().setName(columns.get(2));
        if (width == 7) {
            // reads, sectors read, writes, sectors written: no times on these old partition lines.
            return disk.setReadCount(value[0]).setReadBytes(value[1] * SECTOR_SIZE)
                    .setWriteCount(value[2]).setWriteBytes(value[3] * SECTOR_SIZE)
                    .build();
        }
        // reads, reads merged, sectors read, ms reading, writes, writes merged, sectors written, ms writing,
        // I/Os in progress, ms doing I/O (busy), weighted ms doing I/O.
        return disk.setReadCount(value[0]).setReadBytes(value[2] * SECTOR_SIZE).setReadTimeMs(value[3])
                .setWriteCount(value[4]).setWriteBytes(value[6] * SECTOR_SIZE).setWriteTimeMs(value[7])
                .setBusyTimeMs(value[9])
                .build();
    }
}
