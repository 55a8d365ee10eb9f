package io.fleetglance.agent.collect;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SwapReading;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads swap size and cumulative swap traffic ({@code /proc/meminfo}, {@code /proc/vmstat}) for the memswap plugin. */
public final class SwapCollector implements Collector {

    /** psutil multiplies the page counts of vmstat by 4096 whatever the page size; Glances shows that figure. */
    private static final long SWAP_PAGE_BYTES = 4096;

    private final HostRoot root;

    /** A collector reading {@code /proc/meminfo} and {@code /proc/vmstat} under {@code root}. */
    public SwapCollector(HostRoot root) {
        this.root = root;
    }

    @Override
    public List<String> plugins() {
        return List.of("memswap");
    }

    @Override
    public void collect(Sample.Builder sample) {
        Optional<MemInfo> read = MemInfo.read(root);
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
        ProcText.read(root.resolve("/proc/vmstat")).ifPresent(vmstat -> {
            for (String line : ProcText.lines(vmstat)) {
                List<String> columns = ProcText.columns(line);
                if (columns.size() != 2) {
                    continue;
                }
                if (columns.get(0).equals("pswpin")) {
                    ProcText.unsigned(columns.get(1)).ifPresent(pages -> swap.setSin(pages * SWAP_PAGE_BYTES));
                } else if (columns.get(0).equals("pswpout")) {
                    ProcText.unsigned(columns.get(1)).ifPresent(pages -> swap.setSout(pages * SWAP_PAGE_BYTES));
                }
            }
        });
        sample.setMemswap(swap);
    }
}
