package io.fleetglance.agent.collect;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SwapReading;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** Reads swap size and cumulative swap traffic ({@code /proc/meminfo}, {@code /proc/vmstat}) for the memswap plugin. */
public final class SwapCollector implements Collector {

    /** psutil multiplies the page counts of vmstat by 4096 whatever the page size; Glances shows that figure. */
    private static final long SWAP_PAGE_BYTES = 4096;

    private final KeptOpenFile vmstat;
    private final Supplier<Optional<MemInfo>> meminfo;

    /** A collector reading {@code /proc/meminfo} and {@code /proc/vmstat} under {@code root}. */
    public SwapCollector(HostRoot root) {
        this(root, MemInfo.reader(root));
    }

    /** A collector taking {@code /proc/meminfo} from {@code meminfo}, which other collectors of a sample share. */
    SwapCollector(HostRoot root, Supplier<Optional<MemInfo>> meminfo) {
        this.vmstat = new KeptOpenFile(root.resolve("/proc/vmstat"));
        this.meminfo = meminfo;
    }

    @Override
    public List<String> plugins() {
        return List.of("memswap");
    }

    @Override
    public void collect(Sample.Builder sample) {
        Optional<MemInfo> read = meminfo.get();
        if (read.isEmpty()) {
            return;
        }
        OptionalLong total = read.get().get("SwapTotal");
        if (total.isEmpty()) {
            return;
        }
        SwapReading.Builder swap = SwapReading.newBuilder()
                .setTotal(total.getAsLong())
                .setFree(read.get().getOrZero("SwapFree"));
        // Without vmstat (some containers) the traffic stays 0, as psutil reports it.
        vmstat.read().ifPresent(text -> {
            pages(text, "pswpin").ifPresent(pages -> swap.setSin(pages * SWAP_PAGE_BYTES));
            pages(text, "pswpout").ifPresent(pages -> swap.setSout(pages * SWAP_PAGE_BYTES));
        });
        sample.setMemswap(swap);
    }

    /**
     * The number of the {@code key value} line of vmstat, found without splitting its ~170 other lines; empty when
     * there is no such line or its value is not a count.
     */
    static OptionalLong pages(String vmstat, String key) {
        String prefix = key + " ";
        int at = vmstat.startsWith(prefix) ? 0 : vmstat.indexOf("\n" + prefix);
        if (at < 0) {
            return OptionalLong.empty();
        }
        int start = at == 0 ? prefix.length() : at + 1 + prefix.length();
        int end = vmstat.indexOf('\n', start);
        return ProcText.unsigned(vmstat.substring(start, end < 0 ? vmstat.length() : end).trim());
    }
}
