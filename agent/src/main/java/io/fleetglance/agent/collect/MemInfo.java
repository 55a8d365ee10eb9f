package io.fleetglance.agent.collect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** The {@code /proc/meminfo} table, its kB values turned into bytes. */
final class MemInfo {

    private final Map<String, Long> bytes;

    private MemInfo(Map<String, Long> bytes) {
        this.bytes = bytes;
    }

    /** Reads of the machine's meminfo through one descriptor kept open, each empty when it cannot be read. */
    static Supplier<Optional<MemInfo>> reader(HostRoot root) {
        KeptOpenFile meminfo = new KeptOpenFile(root.resolve("/proc/meminfo"));
        return () -> meminfo.read().map(MemInfo::parse);
    }

    /** Parses meminfo text; a line that is not {@code Key: number [kB]} is skipped. */
    static MemInfo parse(String text) {
        Map<String, Long> bytes = new HashMap<>();
        for (String line : ProcText.lines(text)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            List<String> columns = ProcText.columns(line.substring(colon + 1));
            if (columns.isEmpty()) {
                continue;
            }
            OptionalLong value = ProcText.unsigned(columns.get(0));
            if (value.isEmpty()) {
                continue;
            }
            // Counts such as HugePages_Total carry no unit and stay as they are.
            boolean kilobytes = columns.size() > 1 && columns.get(1).equalsIgnoreCase("kB");
            bytes.put(line.substring(0, colon), kilobytes ? value.getAsLong() * 1024 : value.getAsLong());
        }
        return new MemInfo(bytes);
    }

    /** The value of {@code key} in bytes, or empty when the kernel does not report it. */
    OptionalLong get(String key) {
        Long value = bytes.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** The value of {@code key} in bytes, 0 when the kernel does not report it. */
    long getOrZero(String key) {
        return bytes.getOrDefault(key, 0L);
    }
}
