package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.Disk;
import io.fleetglance.proto.DiskIoReading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiskIoDerivationTest {

    private static final long DT_NS = 2_000_000_000L;

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void firstSampleCarriesRawCountersWithoutRatesOrLatency() {
        JsonNode vda = diskio(deriver, 0, disk("vda", 30200, 6965, 851_780_608, 397_291_520, 6022, 3087)).get(0);

        assertEquals(30200, vda.get("read_count").intValue());
        assertEquals(6022, vda.get("read_time").intValue());
        assertFalse(vda.has("read_count_rate_per_sec"));
        assertFalse(vda.has("read_latency"));
        assertFalse(vda.has("alias"));
    }

    @Test
    void secondSampleGivesRatesAndLatencyInMillisecondsPerOperation() {
        diskio(deriver, 0, disk("vda", 30200, 6965, 851_780_608, 397_291_520, 6022, 3087));
        JsonNode vda = diskio(deriver, DT_NS, disk("vda", 30300, 6975, 852_190_208, 397_332_480, 6322, 3092)).get(0);

        // 100 reads in 2 s -> 50.0/s; 300 ms reading -> 150.0 ms/s; latency int(150.0 / 50.0) = 3 ms.
        assertEquals(100, vda.get("read_count").intValue());
        assertEquals(50.0, vda.get("read_count_rate_per_sec").doubleValue());
        assertEquals(150.0, vda.get("read_time_rate_per_sec").doubleValue());
        assertEquals(3, vda.get("read_latency").intValue());
        assertTrue(vda.get("read_latency").isInt());
        // 10 writes -> 5.0/s; 5 ms -> 2.0 ms/s (floored); int(2.0 / 5.0) = 0.
        assertEquals(0, vda.get("write_latency").intValue());
        // 409600 bytes read -> 204800.0/s.
        assertEquals(204_800.0, vda.get("read_bytes_rate_per_sec").doubleValue());
        assertEquals(2.0, vda.get("time_since_update").doubleValue());
    }

    @Test
    void latencyIsZeroWithoutOperations() {
        diskio(deriver, 0, disk("vda", 10, 10, 10, 10, 10, 10));
        JsonNode vda = diskio(deriver, DT_NS, disk("vda", 10, 10, 10, 10, 10, 10)).get(0);

        assertEquals(0, vda.get("read_latency").intValue());
        assertEquals(0, vda.get("write_latency").intValue());
    }

    @Test
    void thirdSampleComparesWithTheSecond() {
        diskio(deriver, 0, disk("vda", 10, 10, 10, 10, 10, 10));
        diskio(deriver, DT_NS, disk("vda", 20, 10, 10, 10, 10, 10));
        JsonNode vda = diskio(deriver, 2 * DT_NS, disk("vda", 60, 10, 10, 10, 50, 10)).get(0);

        // 40 reads in 2 s -> 20.0/s; 40 ms -> 20.0 ms/s; 1 ms per read.
        assertEquals(40, vda.get("read_count").intValue());
        assertEquals(20.0, vda.get("read_count_rate_per_sec").doubleValue());
        assertEquals(1, vda.get("read_latency").intValue());
    }

    @Test
    void keepsTheFieldOrderOfDiskioJson() {
        diskio(deriver, 0, disk("vda", 10, 10, 10, 10, 10, 10));
        JsonNode vda = diskio(deriver, DT_NS, disk("vda", 20, 20, 20, 20, 20, 20)).get(0);

        assertEquals(CpuDerivationTest.names(GlancesSamples.read("diskio.json").get(0)), CpuDerivationTest.names(vda));
    }

    @Test
    void leavesOutLoopAndRamDisksByDefault() {
        JsonNode stats = diskio(deriver, 0, disk("vda", 1, 1, 1, 1, 1, 1), disk("loop0", 1, 1, 1, 1, 1, 1),
                disk("ram0", 1, 1, 1, 1, 1, 1), disk("zram0", 1, 1, 1, 1, 1, 1));

        assertEquals(List.of("vda", "zram0"), names(stats));
    }

    @Test
    void showsRamDisksWhenAskedAndFollowsShowListsAndAliases() {
        HostDeriver configured = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[diskio]",
                "show_ramfs=true", "show=ram.*,sda", "alias=sda:System"));

        JsonNode stats = diskio(configured, 0, disk("sda", 1, 1, 1, 1, 1, 1), disk("sdb", 1, 1, 1, 1, 1, 1),
                disk("ram0", 1, 1, 1, 1, 1, 1));

        assertEquals(List.of("sda", "ram0"), names(stats));
        assertEquals("System", stats.get(0).get("alias").asText());
        assertFalse(stats.get(1).has("alias"));
    }

    static Disk disk(String name, long reads, long writes, long readBytes, long writeBytes, long readMs, long writeMs) {
        return Disk.newBuilder().setName(name).setReadCount(reads).setWriteCount(writes).setReadBytes(readBytes)
                .setWriteBytes(writeBytes).setReadTimeMs(readMs).setWriteTimeMs(writeMs).build();
    }

    static JsonNode diskio(HostDeriver deriver, long monoNs, Disk... disks) {
        return deriver.derive(sampleAt(monoNs).setDiskio(DiskIoReading.newBuilder().addAllDisks(List.of(disks)))
                .build()).get("diskio");
    }

    private static List<String> names(JsonNode stats) {
        List<String> names = new ArrayList<>();
        stats.forEach(e -> names.add(e.get("disk_name").asText()));
        return names;
    }
}
