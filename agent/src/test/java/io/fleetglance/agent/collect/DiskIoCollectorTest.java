package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fleetglance.proto.Disk;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskIoCollectorTest {

    @TempDir
    Path scratch;

    private static List<Disk> collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new DiskIoCollector(root).collect(sample);
        return sample.getDiskio().getDisksList();
    }

    @Test
    void readsEveryDeviceOfTheCapturedVmLoopAndZramIncluded() {
        List<Disk> disks = collect(Fixtures.root(Fixtures.DEBIAN_VM));

        assertEquals(List.of("loop0", "loop1", "loop2", "loop3", "loop4", "loop5", "loop6", "loop7", "vda", "zram0"),
                disks.stream().map(Disk::getName).toList());
    }

    @Test
    void turnsSectorsIntoBytesAndKeepsTimesInMilliseconds() {
        Disk vda = collect(Fixtures.root(Fixtures.DEBIAN_VM)).get(8);

        // vda 35960 6545 2730394 28667 5744 25153 2629248 9897 0 9240 40080 ... (Linux 5.5+, 20 columns)
        assertEquals(Disk.newBuilder()
                .setName("vda")
                .setReadCount(35_960).setReadBytes(2_730_394L * 512).setReadTimeMs(28_667)
                .setWriteCount(5744).setWriteBytes(2_629_248L * 512).setWriteTimeMs(9897)
                .setBusyTimeMs(9240)
                .build(), vda);
        assertEquals(1_397_961_728L, vda.getReadBytes());
        assertEquals(1_346_174_976L, vda.getWriteBytes());
    }

    @Test
    void keepsPartitionsBesideTheirDisksAsPsutilPerdiskDoes() throws IOException {
        HostRoot root = new HostRoot(scratch);
        // Linux 4.18 (18 columns): a disk, its partition and an NVMe partition.
        Fixtures.write(root, "/proc/diskstats", """
                   8       0 sda 1000 10 80000 900 2000 20 160000 1800 0 2500 2700 0 0 0 0
                   8       1 sda1 600 5 48000 500 1500 15 120000 1200 0 1600 1700 0 0 0 0
                 259       1 nvme0n1p1 7 0 56 1 3 0 24 2 1 4 5 0 0 0 0
                """);

        List<Disk> disks = collect(root);

        assertEquals(List.of("sda", "sda1", "nvme0n1p1"), disks.stream().map(Disk::getName).toList());
        assertEquals(Disk.newBuilder().setName("sda1")
                .setReadCount(600).setReadBytes(48_000L * 512).setReadTimeMs(500)
                .setWriteCount(1500).setWriteBytes(120_000L * 512).setWriteTimeMs(1200)
                .setBusyTimeMs(1600).build(), disks.get(1));
        assertEquals(4, disks.get(2).getBusyTimeMs());
    }

    @Test
    void readsTheShortPartitionLinesOfOldKernels() throws IOException {
        HostRoot root = new HostRoot(scratch);
        // Linux 2.6.x before 2.6.25: 14 columns for disks, 7 for partitions.
        Fixtures.write(root, "/proc/diskstats", """
                   3    0   hda 446216 784926 9550688 4382310 424847 312726 5922052 19310380 0 3376340 23705160
                   3    1   hda1 35486 38030 38030 38030
                """);

        List<Disk> disks = collect(root);

        assertEquals(Disk.newBuilder().setName("hda1")
                .setReadCount(35_486).setReadBytes(38_030L * 512)
                .setWriteCount(38_030).setWriteBytes(38_030L * 512).build(), disks.get(1));
        assertEquals(3_376_340, disks.get(0).getBusyTimeMs());
        assertEquals(19_310_380, disks.get(0).getWriteTimeMs());
    }

    @Test
    void skipsLinesOfUnknownWidthOrWithNonNumbers() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/diskstats", String.join("\n",
                "   8 0 sdx 1 2 3 4 5 6 7 8 9 10 11 12",
                "   8 0 sdy 1 2 3 4 5 6 x 8 9 10 11",
                "   8 0 sdz 1 2 3 4 5 6 7 8 9 10 11",
                ""));

        assertEquals(List.of("sdz"), collect(root).stream().map(Disk::getName).toList());
    }

    @Test
    void leavesDiskioAbsentWithoutProcDiskstats() {
        Sample.Builder sample = Sample.newBuilder();
        new DiskIoCollector(new HostRoot(scratch)).collect(sample);

        assertFalse(sample.hasDiskio());
    }
}
