package io.fleetglance.agent.collect;

import io.fleetglance.proto.FileSystem;
import io.fleetglance.proto.FsReading;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the mounted file systems and their usage for the fs plugin, as psutil's {@code disk_partitions} and
 * {@code disk_usage} do. Every mount is sent with a {@code physical} flag (psutil's {@code all=False} rule); the hub
 * keeps the physical ones plus the types {@code [fs] allow} names, and applies {@code hide}/{@code show}.
 *
 * <p>Usage is read through statvfs, on the sampler's thread for local file systems and on worker threads with a
 * deadline for the others (see {@link FsUsageProbe}): a mount whose usage cannot be read in time, or at all, is left
 * out of the sample. Mount points are resolved under the host root, so an agent in a container reading the host at
 * {@code /host} measures the host's file systems.
 */
public final class FsCollector implements Collector {

    /** How long one sample waits, in all, for the usage of its mount points; local ones answer in microseconds. */
    static final Duration USAGE_DEADLINE = Duration.ofMillis(500);

    /** autofs mount points trigger a mount when statvfs'd, and report nothing of their own. */
    private static final Set<String> NOT_PROBED = Set.of("autofs");

    /**
     * File systems whose statvfs the kernel answers from memory, without a server or a user-space daemon: read on the
     * sampler's thread. Every other type (nfs, cifs, ceph, 9p, fuse.*, and any this list does not know) goes through
     * the probe's workers and its deadline.
     */
    static final Set<String> LOCAL_TYPES = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "jfs", "reiserfs",
            "vfat", "msdos", "exfat", "ntfs3", "hfsplus", "iso9660", "udf", "squashfs", "erofs", "zfs", "tmpfs",
            "ramfs", "devtmpfs", "hugetlbfs", "proc", "sysfs", "devpts", "mqueue", "cgroup", "cgroup2", "securityfs",
            "debugfs", "tracefs", "pstore", "bpf", "configfs", "efivarfs", "binfmt_misc", "fusectl", "nsfs",
            "selinuxfs", "rpc_pipefs", "overlay");

    private final HostRoot root;
    private final FsUsageProbe probe;

    /** A collector for the machine under {@code root}. */
    public FsCollector(HostRoot root) {
        this(root, USAGE_DEADLINE);
    }

    /** A collector for the machine under {@code root} waiting at most {@code usageDeadline} per sample for usage. */
    FsCollector(HostRoot root, Duration usageDeadline) {
        this.root = root;
        this.probe = new FsUsageProbe(usageDeadline);
    }

    @Override
    public List<String> plugins() {
        return List.of("fs");
    }

    @Override
    public void collect(Sample.Builder sample) {
        // Watching a host from a container (its /proc under another root), "self" is the agent's own container:
        // the host's mounts are those of its init process.
        Optional<String> hostTable = root.root().equals(Path.of("/")) ? Optional.empty()
                : ProcText.read(root.resolve("/proc/1/mounts"));
        Optional<String> table = hostTable.or(() -> ProcText.read(root.resolve("/proc/self/mounts")))
                .or(() -> ProcText.read(root.resolve("/proc/mounts")))
                .or(() -> ProcText.read(root.resolve("/etc/mtab")));
        if (table.isEmpty()) {
            return;
        }
        List<MountTable.Entry> mounts = MountTable.parse(table.get());
        Set<String> physicalTypes = physicalTypes();
        Set<Path> probed = new LinkedHashSet<>();
        for (MountTable.Entry mount : mounts) {
            if (mount.mountPoint().startsWith("/") && !NOT_PROBED.contains(mount.fsType())) {
                probed.add(root.resolve(mount.mountPoint()));
            }
        }
        Map<Path, FsUsageProbe.Usage> usage = probe.read(probed, localMountPoints(mounts));
        FsReading.Builder reading = FsReading.newBuilder();
        String rootDevice = null;
        for (MountTable.Entry mount : mounts) {
            FsUsageProbe.Usage used = mount.mountPoint().startsWith("/")
                    ? usage.get(root.resolve(mount.mountPoint())) : null;
            if (used == null) {
                continue;
            }
            String device = mount.device().equals("none") ? "" : mount.device();
            if (device.equals("/dev/root") || device.equals("rootfs")) {
                if (rootDevice == null) {
                    rootDevice = rootDevice().orElse("");
                }
                device = rootDevice.isEmpty() ? device : rootDevice;
            }
            reading.addFilesystems(FileSystem.newBuilder()
                    .setDeviceName(device)
                    .setMntPoint(mount.mountPoint())
                    .setFsType(mount.fsType())
                    .setOptions(mount.options())
                    .setSize(used.size())
                    .setUsed(used.used())
                    .setFree(used.free())
                    .setPhysical(!device.isEmpty() && physicalTypes.contains(mount.fsType())));
        }
        sample.setFs(reading);
    }

    /**
     * The mount points of {@code mounts} (resolved under the host root) whose file system is local: a path mounted
     * more than once (a share over a local directory) is read as its top mount, so it is local only if every mount
     * there is.
     */
    Set<Path> localMountPoints(List<MountTable.Entry> mounts) {
        Set<Path> local = new HashSet<>();
        Set<Path> other = new HashSet<>();
        for (MountTable.Entry mount : mounts) {
            if (mount.mountPoint().startsWith("/")) {
                (LOCAL_TYPES.contains(mount.fsType()) ? local : other).add(root.resolve(mount.mountPoint()));
            }
        }
        local.removeAll(other);
        return local;
    }

    /**
     * The file system types of {@code /proc/filesystems} that need a block device (no {@code nodev} mark), plus zfs,
     * which is marked nodev but is as physical as any: psutil's list for {@code disk_partitions(all=False)}.
     */
    private Set<String> physicalTypes() {
        Set<String> types = new HashSet<>();
        ProcText.read(root.resolve("/proc/filesystems")).ifPresent(text -> {
            for (String line : ProcText.lines(text)) {
                List<String> columns = ProcText.columns(line);
                if (columns.size() == 1) {
                    types.add(columns.get(0));
                } else if (columns.size() == 2 && columns.get(0).equals("nodev") && columns.get(1).equals("zfs")) {
                    types.add("zfs");
                }
            }
        });
        return types;
    }

    /**
     * The real device behind {@code /dev/root} (kernels booted with {@code root=/dev/sdXN} name it so), found as
     * psutil does: the device numbers of the root directory, looked up in {@code /proc/partitions}, else in
     * {@code /sys/dev/block/MAJOR:MINOR/uevent}; empty when neither names an existing {@code /dev} node.
     */
    private Optional<String> rootDevice() {
        long dev;
        try {
            dev = ((Number) Files.getAttribute(root.resolve("/"), "unix:dev")).longValue();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        // glibc's gnu_dev_major/gnu_dev_minor.
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        Optional<String> name = ProcText.read(root.resolve("/proc/partitions")).flatMap(partitions -> {
            List<String> lines = ProcText.lines(partitions);
            for (int i = 2; i < lines.size(); i++) {
                List<String> columns = ProcText.columns(lines.get(i));
                if (columns.size() >= 4 && matches(columns.get(0), major) && matches(columns.get(1), minor)) {
                    return Optional.of(columns.get(3));
                }
            }
            return Optional.empty();
        });
        if (name.isEmpty()) {
            name = ProcText.read(root.resolve("/sys/dev/block/" + major + ":" + minor + "/uevent")).flatMap(uevent -> {
                for (String line : ProcText.lines(uevent)) {
                    if (line.startsWith("DEVNAME=") && line.length() > "DEVNAME=".length()) {
                        return Optional.of(line.substring("DEVNAME=".length()).trim());
                    }
                }
                return Optional.empty();
            });
        }
        return name.map(n -> "/dev/" + n).filter(path -> Files.exists(root.resolve(path)));
    }

    private static boolean matches(String column, long number) {
        OptionalLong value = ProcText.unsigned(column);
        return value.isPresent() && value.getAsLong() == number;
    }
}
