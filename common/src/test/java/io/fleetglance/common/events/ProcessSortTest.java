package io.fleetglance.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSortTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode p(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> names(List<JsonNode> processes) {
        return processes.stream().map(n -> n.get("name").asText()).toList();
    }

    @Test
    void sortsDescendingThenByMemoryWithMissingValuesLast() {
        List<JsonNode> processes = List.of(
                p("{\"name\":\"a\",\"cpu_percent\":1.0,\"memory_percent\":1.0}"),
                p("{\"name\":\"b\",\"cpu_percent\":null,\"memory_percent\":9.0}"),
                p("{\"name\":\"c\",\"cpu_percent\":5.0,\"memory_percent\":1.0}"),
                p("{\"name\":\"d\",\"cpu_percent\":1.0,\"memory_percent\":2.0}"),
                p("{\"name\":\"e\",\"cpu_percent\":1.0,\"memory_percent\":2.0}"));
        assertEquals(List.of("c", "d", "e", "a", "b"), names(ProcessSort.sorted(processes, "cpu_percent")));
    }

    @Test
    void fallsBackToNameWhenAKeyIsMissing() {
        List<JsonNode> processes = List.of(
                p("{\"name\":\"zsh\",\"cpu_percent\":9.0,\"memory_percent\":1.0}"),
                p("{\"name\":\"bash\",\"memory_percent\":1.0}"));
        assertEquals(List.of("bash", "zsh"), names(ProcessSort.sorted(processes, "cpu_percent")));
    }

    @Test
    void ioCountersFallBackToCpuWhenUnreadable() {
        List<JsonNode> processes = List.of(
                p("{\"name\":\"a\",\"cpu_percent\":1.0,\"memory_percent\":1.0,\"io_counters\":[0,0,0,0,0]}"),
                p("{\"name\":\"b\",\"cpu_percent\":7.0,\"memory_percent\":1.0}"));
        assertEquals(List.of("b", "a"), names(ProcessSort.sorted(processes, "io_counters")));
    }
}
