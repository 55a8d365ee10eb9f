package io.fleetglance.agent.collect;

import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.Sample;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** Reads the memory gauges of {@code /proc/meminfo} for the mem plugin, with psutil's definitions. */
public final class MemCollector implements Collector {

    private final Supplier<Optional<MemInfo>> meminfo;

    /** A collector reading {@code /proc/meminfo} under {@code root}. */
    public MemCollector(HostRoot root) {
        this(MemInfo.reader(root));
    }

    /** A collector taking {@code /proc/meminfo} from {@code meminfo}, which other collectors of a sample share. */
    MemCollector(Supplier<Optional<MemInfo>> meminfo) {
        this.meminfo = meminfo;
    }

    @Override
    public List<String> plugins() {
        return List.of("mem");
    }

    @Override
    public void collect(Sample.Builder sample) {
        Optional<MemInfo> read = meminfo.get();
        if (read.isEmpty()) {
            return;
        }
        MemInfo info = read.get();
        OptionalLong total = info.get("MemTotal");
        if (total.isEmpty()) {
            return;
        }
        long free = info.getOrZero("MemFree");
        long buffers = info.getOrZero("Buffers");
        // psutil counts reclaimable slab as cache, and Glances shows psutil's figure.
        long cached = info.getOrZero("Cached") + info.getOrZero("SReclaimable");
        // Kernels before 3.14 have no MemAvailable; free + buffers + cached is the usual estimate there.
        long available = info.get("MemAvailable").orElse(free + buffers + cached);
        sample.setMem(MemReading.newBuilder()
                .setTotal(total.getAsLong())
                .setFree(free)
                .setAvailable(available)
                .setBuffers(buffers)
                .setCached(cached)
                .setShared(info.getOrZero("Shmem"))
                .setActive(info.getOrZero("Active"))
                .setInactive(info.getOrZero("Inactive"))
                .setSlab(info.getOrZero("Slab")));
    }
}
