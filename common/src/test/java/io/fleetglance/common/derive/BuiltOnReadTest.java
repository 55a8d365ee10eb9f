package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.ProcessTables.derive;
import static io.fleetglance.common.derive.ProcessTables.facts;
import static io.fleetglance.common.derive.ProcessTables.io;
import static io.fleetglance.common.derive.ProcessTables.process;
import static io.fleetglance.common.derive.ProcessTables.table;
import static io.fleetglance.common.derive.ProcessTables.withExtended;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessExtended;
import io.fleetglance.proto.ProcessTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The process and program lists are built when first read, from what was captured with their sample: read late (after
 * later samples moved the deriver on), they are what they would have been when read at once.
 */
class BuiltOnReadTest {

    private static final long DT_NS = 2_000_000_000L;

    private static HostDeriver deriver() {
        return new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());
    }

    /** Four tables of a busy host: processes come and go, counters grow, facts arrive once, io goes unreadable. */
    private static List<ProcessTable> tables() {
        ProcessExtended extended = ProcessExtended.newBuilder().setPid(10).setStartTime(100).setNumFds(12).build();
        List<ProcessTable> tables = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<Process.Builder> processes = new ArrayList<>();
            Process.Builder java = process(10, 100, "java", 100 + 150L * i, 20 + 10L * i)
                    .setRss(1_000_000 + 1000L * i).setIo(io(4096L * i, 512L * i));
            processes.add(i == 0 ? java.setFacts(facts("app", "java", "-jar", "a.jar")) : java);
            processes.add(process(20, 200, "python3", 50 + 80L * i, 5).setRss(2_000_000));
            if (i % 2 == 1) {
                processes.add(process(30 + i, 300, "sh", 1, 1).setIo(io(1, 1)));
            }
            if (i != 2) {
                processes.get(1).setIo(io(100L * i, 0));
            }
            ProcessTable table = table(processes.toArray(Process.Builder[]::new));
            tables.add(i >= 2 ? withExtended(table, extended) : table);
        }
        return tables;
    }

    @Test
    void aListReadAfterLaterSamplesIsTheListOfItsOwnSample() {
        HostDeriver atOnce = deriver();
        HostDeriver late = deriver();
        List<JsonNode> readAtOnce = new ArrayList<>();
        List<Map<String, JsonNode>> kept = new ArrayList<>();
        List<ProcessTable> tables = tables();
        for (int i = 0; i < tables.size(); i++) {
            Map<String, JsonNode> now = derive(atOnce, i * DT_NS, tables.get(i));
            readAtOnce.add(JsonNodeFactory.instance.arrayNode().add(now.get("processlist"))
                    .add(now.get("programlist")));
            kept.add(derive(late, i * DT_NS, tables.get(i)));
        }

        for (int i = 0; i < tables.size(); i++) {
            DerivedStats stats = (DerivedStats) kept.get(i);
            assertTrue(stats.builtOnRead("processlist") && stats.builtOnRead("programlist"), "sample " + i);
            JsonNode readLate = JsonNodeFactory.instance.arrayNode().add(stats.get("programlist"))
                    .add(stats.get("processlist"));
            assertEquals(readAtOnce.get(i).get(0), readLate.get(1), "processlist of sample " + i);
            assertEquals(readAtOnce.get(i).get(1), readLate.get(0), "programlist of sample " + i);
        }
        // what the samples carried shows: rates after the first, the facts sent once, the extended stats
        JsonNode last = kept.get(3).get("processlist");
        JsonNode java = ProcessTables.pid(last, 10);
        assertTrue(java.get("cpu_percent").doubleValue() > 0, java.toString());
        assertEquals("app", java.get("username").textValue());
        assertEquals(12, java.get("num_fds").intValue());
        assertEquals(1, ProcessTables.pid(last, 20).get("io_counters").get(4).intValue(), "io known at sample 1");
    }

    @Test
    void theOtherPluginsAreDerivedWithTheirSample() {
        Map<String, JsonNode> stats = derive(deriver(), 0, tables().get(0));

        DerivedStats derived = (DerivedStats) stats;
        assertFalse(derived.builtOnRead("processcount"));
        assertEquals(2, stats.get("processcount").get("total").intValue());
        assertTrue(derived.builtOnRead("processlist"));
    }

    @Test
    void statsBuiltOnReadAreBuiltOnceWhateverReadsThemAndOnlyWhenRead() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch building = new CountDownLatch(1);
        DerivedStats stats = new DerivedStats.Builder()
                .put("cpu", JsonNodeFactory.instance.objectNode().put("total", 5.0))
                .putOnRead("processlist", () -> {
                    builds.incrementAndGet();
                    try {
                        building.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return JsonNodeFactory.instance.arrayNode().add(1);
                }).build();

        DerivedStats finished = stats.with("alert", JsonNodeFactory.instance.arrayNode())
                .finishing(node -> node.isArray() ? JsonNodeFactory.instance.arrayNode().add(node).add(2) : node);
        assertEquals(List.of("cpu", "processlist", "alert"), List.copyOf(finished.keySet()));
        assertTrue(finished.containsKey("processlist"));
        assertEquals(0, builds.get(), "keys, with and finishing build nothing");

        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> reads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reads.add(readers.submit(() -> finished.get("processlist")));
            }
            building.countDown();
            JsonNode first = reads.get(0).get(5, TimeUnit.SECONDS);
            for (Future<JsonNode> read : reads) {
                assertSame(first, read.get(5, TimeUnit.SECONDS));
            }
            assertEquals("[[1],2]", first.toString(), "finished once it was built");
        } finally {
            readers.shutdownNow();
        }
        assertEquals(1, builds.get());
        assertFalse(finished.builtOnRead("processlist"));
        assertFalse(stats.builtOnRead("processlist"), "the original shares what was built");
        assertEquals(IntNode.valueOf(1), stats.get("processlist").get(0));
        assertEquals(1, builds.get());
        ObjectNode cpu = (ObjectNode) finished.get("cpu");
        assertEquals(5.0, cpu.get("total").doubleValue());
    }
}
