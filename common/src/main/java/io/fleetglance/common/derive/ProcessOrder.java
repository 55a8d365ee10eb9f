package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Glances' process order ({@code sort_stats}): by the sort key, then by {@code memory_percent}; descending, except
 * ascending for {@code name}, {@code username} and {@code cpu_num}. {@code io_counters} sorts by the bytes read and
 * written since the previous sample, {@code (r − r_prev) + (w − w_prev)}, and {@code cpu_times} by
 * {@code user + system}, each with no second key. Equal processes keep their order (Python's sort is stable, and so
 * is this one, reversed or not).
 *
 * <p>A missing or null value sorts as −∞ (Glances' {@code weighted}); where Python would then fail to compare it with
 * a string, it sorts first here too, rather than making the whole list fall back to the name order. A key that some
 * process lacks (a field turned off by {@code disable_stats}, an unknown key) falls back, as in Glances, to the name,
 * ascending; {@code io_counters} or {@code cpu_times} that cannot be summed fall back to cpu then memory.
 */
final class ProcessOrder {

    /** Glances' default key, which its {@code auto} key stands for. */
    static final String AUTO_KEY = "cpu_percent";

    private static final Set<String> ASCENDING = Set.of("name", "username", "cpu_num");

    private ProcessOrder() {
    }

    /** {@code processes} sorted by {@code sortKey} (not null; {@code auto} already resolved). */
    static List<ObjectNode> sorted(List<ObjectNode> processes, String sortKey) {
        boolean descending = !ASCENDING.contains(sortKey);
        try {
            return sort(processes, primary(sortKey), descending);
        } catch (Incomparable e) {
            if (sortKey.equals("io_counters") || sortKey.equals("cpu_times")) {
                try {
                    return sort(processes, standard(AUTO_KEY), descending);
                } catch (Incomparable again) {
                    // fall through to the name order
                }
            }
            return sort(processes, Comparator.comparing(ProcessOrder::nameOrTilde), false);
        }
    }

    private static List<ObjectNode> sort(List<ObjectNode> processes, Comparator<ObjectNode> order, boolean descending) {
        List<ObjectNode> copy = new ArrayList<>(processes);
        copy.sort(descending ? order.reversed() : order);
        return copy;
    }

    private static Comparator<ObjectNode> primary(String sortKey) {
        return switch (sortKey) {
            case "io_counters" -> Comparator.comparingLong(ProcessOrder::ioSinceLastSample);
            case "cpu_times" -> Comparator.comparingDouble(ProcessOrder::userPlusSystem);
            default -> standard(sortKey);
        };
    }

    private static Comparator<ObjectNode> standard(String sortKey) {
        return (a, b) -> {
            requireField(a, sortKey);
            requireField(b, sortKey);
            int c = compareWeighted(a.get(sortKey), b.get(sortKey));
            return c != 0 ? c : compareWeighted(a.get("memory_percent"), b.get("memory_percent"));
        };
    }

    private static void requireField(ObjectNode process, String field) {
        if (!process.has(field)) {
            throw new Incomparable();
        }
    }

    /** Compares as Python compares {@code weighted(a)} with {@code weighted(b)}: null is −∞. */
    private static int compareWeighted(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull();
        boolean bNull = b == null || b.isNull();
        if (aNull || bNull) {
            return Boolean.compare(!aNull, !bNull);
        }
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().compareTo(b.textValue());
        }
        throw new Incomparable();
    }

    private static long ioSinceLastSample(ObjectNode process) {
        JsonNode io = process.get("io_counters");
        if (io == null || !io.isArray() || io.size() < 4) {
            throw new Incomparable();
        }
        return io.get(0).longValue() - io.get(2).longValue() + io.get(1).longValue() - io.get(3).longValue();
    }

    private static double userPlusSystem(ObjectNode process) {
        JsonNode times = process.get("cpu_times");
        if (times == null || !times.has("user") || !times.has("system")) {
            throw new Incomparable();
        }
        return times.get("user").doubleValue() + times.get("system").doubleValue();
    }

    private static String nameOrTilde(ObjectNode process) {
        JsonNode name = process.get("name");
        return name == null || name.isNull() ? "~" : name.asText();
    }

    /** Two values Python could not compare: the sort falls back as Glances does. */
    private static final class Incomparable extends RuntimeException {
        Incomparable() {
            super(null, null, false, false);
        }
    }
}
