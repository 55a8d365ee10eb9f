package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code programlist} plugin: the processes of the sorted process list grouped by name, in the order each name
 * first appears (the groups are not sorted again). Fields, in Glances' order: {@code time_since_update,
 * num_threads, cpu_percent, memory_percent, cpu_times, memory_info, io_counters, childrens, name, cmdline, pid,
 * username, nice, status, nprocs}.
 *
 * <ul>
 *   <li>{@code num_threads}, {@code cpu_percent} and {@code memory_percent} are sums. As in Python, a 0.0 counts as
 *       the int 0, so a group whose members are all at 0.0 shows the int 0.</li>
 *   <li>{@code cpu_times} and {@code memory_info} are summed key by key as Python's {@code Counter} adds: a key whose
 *       sum is not positive disappears (a group of one process keeps its dicts as they are).</li>
 *   <li>{@code io_counters} is always five elements: the four byte counters summed element by element and
 *       {@code io_tag} 1 when any member has one. Glances concatenates the lists instead (growing them, and the
 *       process list's own lists, by five elements per member).</li>
 *   <li>{@code childrens} lists the pids; {@code cmdline} is {@code [name]}; {@code pid} is {@code "_"};
 *       {@code username}, {@code nice} and {@code status} are the members' common value, else {@code "_"}.</li>
 *   <li>No element has a {@code key} field, as in Glances 4.5.6: the {@code /{item}/{key}} routes never match a
 *       program there either.</li>
 * </ul>
 */
public final class ProgramlistDerivation implements DependentDerivation {

    private static final TextNode ANY = TextNode.valueOf("_");

    @Override
    public String plugin() {
        return "programlist";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample, Map<String, JsonNode> stats) {
        JsonNode processes = stats.get("processlist");
        if (processes == null || !processes.isArray()) {
            return Optional.empty();
        }
        return Optional.of(programs(processes));
    }

    /** Built on first read, as the process list it groups. */
    @Override
    public void deriveInto(Sample sample, DerivedStats stats, DerivedStats.Builder out) {
        if (stats.containsKey("processlist")) {
            out.putOnRead(plugin(), () -> programs(stats.get("processlist")));
        }
    }

    private static ArrayNode programs(JsonNode processes) {
        Map<String, Program> programs = new LinkedHashMap<>();
        for (JsonNode process : processes) {
            String name = process.path("name").asText();
            Program program = programs.get(name);
            if (program == null) {
                programs.put(name, new Program(process));
            } else {
                program.add(process);
            }
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        programs.values().forEach(program -> list.add(program.toJson()));
        return list;
    }

    /** One program being summed up. */
    private static final class Program {
        private final JsonNode timeSinceUpdate;
        private final String name;
        private final List<JsonNode> childrens = new ArrayList<>();
        private long numThreads;
        private PyNumber cpuPercent;
        private PyNumber memoryPercent;
        private ObjectNode cpuTimes;
        private ObjectNode memoryInfo;
        private final long[] io = new long[5];
        private JsonNode username;
        private JsonNode nice;
        private JsonNode status;

        Program(JsonNode first) {
            timeSinceUpdate = first.get("time_since_update");
            name = first.path("name").asText();
            numThreads = first.path("num_threads").asLong();
            cpuPercent = PyNumber.orZero(first.get("cpu_percent"));
            memoryPercent = PyNumber.orZero(first.get("memory_percent"));
            cpuTimes = copyOrEmpty(first.get("cpu_times"));
            memoryInfo = copyOrEmpty(first.get("memory_info"));
            addIo(first.get("io_counters"));
            childrens.add(first.get("pid"));
            username = first.has("username") ? first.get("username") : ANY;
            nice = first.get("nice");
            status = first.get("status");
        }

        void add(JsonNode process) {
            numThreads += process.path("num_threads").asLong();
            cpuPercent = cpuPercent.plus(PyNumber.orZero(process.get("cpu_percent")));
            memoryPercent = memoryPercent.plus(PyNumber.orZero(process.get("memory_percent")));
            cpuTimes = counterSum(cpuTimes, process.get("cpu_times"));
            memoryInfo = counterSum(memoryInfo, process.get("memory_info"));
            addIo(process.get("io_counters"));
            childrens.add(process.get("pid"));
            username = sameOrAny(username, process.has("username") ? process.get("username") : ANY);
            nice = sameOrAny(nice, process.get("nice"));
            status = sameOrAny(status, process.get("status"));
        }

        private void addIo(JsonNode counters) {
            if (counters == null || !counters.isArray() || counters.size() < 5) {
                return;
            }
            for (int i = 0; i < 4; i++) {
                io[i] += counters.get(i).asLong();
            }
            io[4] = Math.max(io[4], counters.get(4).asLong());
        }

        ObjectNode toJson() {
            ObjectNode program = JsonNodeFactory.instance.objectNode();
            program.set("time_since_update", timeSinceUpdate);
            program.set("num_threads", JsonNumbers.integer(numThreads));
            program.set("cpu_percent", cpuPercent.toJson());
            program.set("memory_percent", memoryPercent.toJson());
            program.set("cpu_times", cpuTimes);
            program.set("memory_info", memoryInfo);
            ArrayNode ioCounters = program.putArray("io_counters");
            for (long value : io) {
                ioCounters.add(JsonNumbers.integer(value));
            }
            program.putArray("childrens").addAll(childrens);
            program.put("name", name);
            program.putArray("cmdline").add(name);
            program.put("pid", "_");
            program.set("username", username);
            program.set("nice", nice);
            program.set("status", status);
            program.put("nprocs", childrens.size());
            return program;
        }
    }

    /** Python's {@code p.get(key) if p.get(key) == current else '_'}. */
    private static JsonNode sameOrAny(JsonNode current, JsonNode value) {
        JsonNode v = value == null ? JsonNodeFactory.instance.nullNode() : value;
        JsonNode c = current == null ? JsonNodeFactory.instance.nullNode() : current;
        return PyNumber.equal(c, v) ? v : ANY;
    }

    private static ObjectNode copyOrEmpty(JsonNode dict) {
        return dict != null && dict.isObject() ? ((ObjectNode) dict).deepCopy() : JsonNodeFactory.instance.objectNode();
    }

    /**
     * {@code dict(Counter(total) + Counter(addition))}: the keys of {@code total} in their order, then the keys only
     * in {@code addition}, each kept only when its sum is positive.
     */
    static ObjectNode counterSum(ObjectNode total, JsonNode addition) {
        ObjectNode sum = JsonNodeFactory.instance.objectNode();
        JsonNode other = addition != null && addition.isObject() ? addition : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = total.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            PyNumber value = PyNumber.of(entry.getValue()).plus(PyNumber.of(other.get(entry.getKey())));
            if (value.positive()) {
                sum.set(entry.getKey(), value.toJson());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = other.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            PyNumber value = PyNumber.of(entry.getValue());
            if (!total.has(entry.getKey()) && value.positive()) {
                sum.set(entry.getKey(), value.toJson());
            }
        }
        return sum;
    }

    /** A Python int or float, added as Python adds them: int + int is an int, anything with a float a float. */
    private record PyNumber(double value, boolean real) {

        static PyNumber of(JsonNode node) {
            if (node == null || !node.isNumber()) {
                return new PyNumber(0, false);
            }
            return new PyNumber(node.doubleValue(), node.isFloatingPointNumber());
        }

        /** {@code x or 0}: a zero (0 or 0.0) or a missing value becomes the int 0. */
        static PyNumber orZero(JsonNode node) {
            PyNumber number = of(node);
            return number.value() == 0 ? new PyNumber(0, false) : number;
        }

        PyNumber plus(PyNumber other) {
            return new PyNumber(value + other.value, real || other.real);
        }

        boolean positive() {
            return value > 0;
        }

        JsonNode toJson() {
            return real ? DoubleNode.valueOf(value) : JsonNumbers.integer((long) value);
        }

        /** Python's {@code ==} between two JSON values: 0 == 0.0, otherwise the values must be equal. */
        static boolean equal(JsonNode a, JsonNode b) {
            if (a.isNumber() && b.isNumber()) {
                return a.doubleValue() == b.doubleValue();
            }
            return Objects.equals(a, b);
        }
    }
}
