package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetglance.proto.FileSystem;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsCollectorTest {

    @TempDir
    Path scratch;

    private static List<FileSystem> collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new FsCollector(root).collect(sample);
        return sample.getFs().getFilesystemsList();
    }

    /** Creates the directory of each machine path under {@code root}, as the mounts of a real machine have. */
    private static void mountPoints(HostRoot root, String... paths) throws IOException {
        for (String path : paths) {
            Files.createDirectories(root.resolve(path));
        }
    }

    @Test
    void readsEveryMountOfTheCapturedVmWithOnlyItsDiskPhysical() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.DEBIAN_VM, scratch);
        mountPoints(root, "/dev/shm", "/dev/pts", "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct",
                "/sys/fs/cgroup/cpuset", "/sys/fs/cgroup/memory", "/sys/fs/cgroup/devices", "/sys/fs/cgroup/freezer",
                "/sys/fs/cgroup/blkio", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified");

        List<FileSystem> filesystems = collect(root);

        // 19 lines, duplicates (devpts, /dev/shm mounted twice) kept as psutil keeps them.
        assertEquals(List.of("/proc", "/sys", "/dev", "/dev/shm", "/dev/pts", "/", "/dev/pts", "/dev/shm",
                        "/sys/fs/cgroup", "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/cpuset",
                        "/sys/fs/cgroup/memory", "/sys/fs/cgroup/devices", "/sys/fs/cgroup/freezer",
                        "/sys/fs/cgroup/blkio", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/systemd",
                        "/sys/fs/cgroup/unified"),
                filesystems.stream().map(FileSystem::getMntPoint).toList());
        assertEquals(List.of("/"), filesystems.stream().filter(FileSystem::getPhysical)
                .map(FileSystem::getMntPoint).toList());
        FileSystem rootFs = filesystems.get(5);
        assertEquals("/dev/vda", rootFs.getDeviceName());
        assertEquals("ext4", rootFs.getFsType());
        assertEquals("rw,relatime,discard,resv_strict,resuid=65534,resgid=65534", rootFs.getOptions());
        assertEquals("devtmpfs", filesystems.get(2).getDeviceName());
        assertEquals("rw,relatime,size=12334524k,nr_inodes=3083631,mode=755", filesystems.get(2).getOptions());
    }

    @Test
    void localFileSystemsAreReadInlineAndSharesAndFuseMountsThroughTheWorkers() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.DEBIAN_VM, scratch);
        List<MountTable.Entry> mounts = MountTable.parse(String.join("\n",
                "/dev/vda / ext4 rw,relatime 0 0",
                "proc /proc proc rw 0 0",
                "tmpfs /run tmpfs rw 0 0",
                "server:/export /mnt/nfs nfs4 rw,hard 0 0",
                "//nas/share /mnt/cifs cifs rw 0 0",
                "sshfs#me@host: /mnt/ssh fuse.sshfs rw 0 0",
                "/dev/vdb /srv xfs rw 0 0",
                "server:/srv /srv nfs rw 0 0",
                "strange /mnt/strange somethingnew rw 0 0",
                "systemd-1 /mnt/auto autofs rw 0 0", ""));
        assertEquals(java.util.Set.of(root.resolve("/"), root.resolve("/proc"), root.resolve("/run")),
                new FsCollector(root).localMountPoints(mounts),
                "local: ext4, proc, tmpfs; a share mounted over a local /srv, an unknown type and autofs are not");
    }

    @Test
    void measuresTheMountPointUnderTheHostRoot() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.DEBIAN_VM, scratch);

        FileSystem rootFs = collect(root).stream().filter(fs -> fs.getMntPoint().equals("/")).findFirst()
                .orElseThrow();

        // "/" of the machine is the fixture copy, which lives on the file system of the scratch directory.
        FileStore store = Files.getFileStore(scratch);
        assertEquals(store.getTotalSpace(), rootFs.getSize());
        assertTrue(rootFs.getSize() > 0);
        assertTrue(rootFs.getUsed() > 0);
        assertTrue(rootFs.getUsed() + rootFs.getFree() <= rootFs.getSize());
    }

    @Test
    void leavesOutMountsWhoseMountPointCannotBeRead() {
        // In place, the fixture has /proc and /sys directories but no /dev or /sys/fs/cgroup...
        List<FileSystem> filesystems = collect(Fixtures.root(Fixtures.DEBIAN_VM));

        assertEquals(List.of("/proc", "/sys", "/"), filesystems.stream().map(FileSystem::getMntPoint).toList());
    }

    @Test
    void unescapesBlanksAndBackslashesInDevicesAndMountPoints() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/filesystems", "nodev\ttmpfs\n\tvfat\n");
        Fixtures.write(root, "/proc/self/mounts", String.join("\n",
                "/dev/sdb1 /media/usb\\040disk vfat rw,nosuid,nodev,uid=1000 0 0",
                "/dev/sdc1 /mnt/back\\134slash\\011tab vfat rw 0 0",
                "//nas/share\\040a /mnt/nas\\040a cifs rw,vers=3.0 0 0",
                ""));
        mountPoints(root, "/media/usb disk", "/mnt/back\\slash\ttab", "/mnt/nas a");

        List<FileSystem> filesystems = collect(root);

        assertEquals(List.of("/media/usb disk", "/mnt/back\\slash\ttab", "/mnt/nas a"),
                filesystems.stream().map(FileSystem::getMntPoint).toList());
        assertEquals("//nas/share a", filesystems.get(2).getDeviceName());
        assertTrue(filesystems.get(0).getPhysical());
        assertFalse(filesystems.get(2).getPhysical(), "cifs is not in /proc/filesystems: not physical");
    }

    @Test
    void countsZfsAsPhysicalThoughTheKernelMarksItNodev() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/filesystems", "nodev\ttmpfs\nnodev\tzfs\n\text4\n");
        Fixtures.write(root, "/proc/self/mounts", """
                tank/home /home zfs rw,relatime,xattr,noacl 0 0
                tmpfs /run tmpfs rw,nosuid,nodev,size=1608252k,mode=755 0 0
                """);
        mountPoints(root, "/home", "/run");

        List<FileSystem> filesystems = collect(root);

        assertTrue(filesystems.get(0).getPhysical());
        assertEquals("tank/home", filesystems.get(0).getDeviceName());
        assertFalse(filesystems.get(1).getPhysical());
    }

    @Test
    void takesDeviceNoneAsNoDeviceAndSoNotPhysical() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/filesystems", "\text4\n");
        Fixtures.write(root, "/proc/self/mounts", "none /data ext4 rw 0 0\n");
        mountPoints(root, "/data");

        FileSystem data = collect(root).get(0);

        assertEquals("", data.getDeviceName());
        assertFalse(data.getPhysical());
    }

    @Test
    void findsTheRealDeviceBehindDevRoot() throws IOException, InterruptedException {
        HostRoot root = new HostRoot(scratch);
        // The device numbers of the directory the machine lives in, as coreutils reads them.
        Process stat = new ProcessBuilder("stat", "--format=%Hd %Ld", scratch.toString()).start();
        String numbers = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(stat.waitFor() == 0 && numbers.matches("\\d+ \\d+"), "needs GNU stat with %Hd");
        String[] majorMinor = numbers.split(" ");
        Fixtures.write(root, "/proc/partitions", "major minor  #blocks  name\n\n"
                + "   1        0     65536 ram0\n"
                + "   " + majorMinor[0] + "        " + majorMinor[1] + "  31166976 mmcblk0p2\n");
        Fixtures.write(root, "/dev/mmcblk0p2", "");
        Fixtures.write(root, "/proc/filesystems", "\text4\n");
        Fixtures.write(root, "/proc/self/mounts", "/dev/root / ext4 rw,noatime 0 0\n");

        FileSystem rootFs = collect(root).get(0);

        assertEquals("/dev/mmcblk0p2", rootFs.getDeviceName());
        assertTrue(rootFs.getPhysical());
    }

    @Test
    void keepsDevRootWhenNoPartitionMatches() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/partitions", "major minor  #blocks  name\n\n   1        0     65536 ram0\n");
        Fixtures.write(root, "/proc/filesystems", "\text4\n");
        Fixtures.write(root, "/proc/self/mounts", "/dev/root / ext4 rw,noatime 0 0\n");

        assertEquals("/dev/root", collect(root).get(0).getDeviceName());
    }

    @Test
    void fallsBackToProcMountsThenEtcMtab() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/etc/mtab", "/dev/sda1 / ext4 rw 0 0\n");

        assertEquals("/dev/sda1", collect(root).get(0).getDeviceName());

        Fixtures.write(root, "/proc/mounts", "/dev/sda2 / xfs rw 0 0\n");

        assertEquals("/dev/sda2", collect(root).get(0).getDeviceName());
    }

    @Test
    void leavesFsAbsentWithoutAMountTable() {
        Sample.Builder sample = Sample.newBuilder();
        new FsCollector(new HostRoot(scratch)).collect(sample);

        assertFalse(sample.hasFs());
    }

    @Test
    void watchingAHostFromAContainerReadsTheMountsOfItsInitProcess(@TempDir Path dir) throws IOException {
        HostRoot copy = Fixtures.copy("debian-vm-2cpu", dir);
        // the container's own mounts ("self") differ from the host's (pid 1's)
        Files.writeString(copy.resolve("/proc/self/mounts"), "overlay / overlay rw,relatime 0 0\n");
        Files.createDirectories(copy.resolve("/proc/1"));
        Files.writeString(copy.resolve("/proc/1/mounts"), "/dev/vda / ext4 rw,relatime 0 0\n");
        Sample.Builder sample = Sample.newBuilder();
        new FsCollector(copy).collect(sample);
        List<FileSystem> fs = sample.getFs().getFilesystemsList();
        assertEquals(1, fs.size(), fs.toString());
        assertEquals("/dev/vda", fs.get(0).getDeviceName());
        assertEquals("ext4", fs.get(0).getFsType());
    }
}
