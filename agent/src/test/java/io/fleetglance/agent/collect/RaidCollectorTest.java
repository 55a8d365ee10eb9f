package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.RaidArray;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaidCollectorTest {

    @TempDir
    Path scratch;

    private static List<RaidArray> collect(HostRoot root) {
        Sample.Builder sample = Sample.newBuilder();
        new RaidCollector(root).collect(sample);
        assertTrue(sample.hasRaid());
        return sample.getRaid().getArraysList();
    }

    @Test
    void readsAHealthyRaid5WhileItResyncs() {
        RaidArray md1 = collect(Fixtures.root(Fixtures.WORKSTATION)).get(0);

        assertEquals(RaidArray.newBuilder()
                .setName("md1").setStatus("active").setType("raid5")
                .putAllComponents(Map.of("sdd1", "3", "sdc1", "1", "sdb1", "0"))
                .setAvailable(3).setUsed(3).setConfig("[UUU]")
                .build(), md1);
    }

    @Test
    void readsADegradedRaid1KeepingItsFailedMember() {
        RaidArray md0 = collect(Fixtures.root(Fixtures.WORKSTATION)).get(1);

        // "sda2[0] sde2[1](F)" and "[2/1] [U_]": two configured members, one working.
        assertEquals(RaidArray.newBuilder()
                .setName("md0").setStatus("active").setType("raid1")
                .putAllComponents(Map.of("sda2", "0", "sde2", "1"))
                .setAvailable(2).setUsed(1).setConfig("[U_]")
                .build(), md0);
    }

    @Test
    void readsInactiveAndStripedArraysWithoutMemberCounts() throws IOException {
        HostRoot root = new HostRoot(scratch);
        Fixtures.write(root, "/proc/mdstat", String.join("\n",
                "Personalities : [raid0] [raid1] ",
                "md127 : inactive sdf[0](S) sdg[1](S)",
                "      3906764976 blocks super 1.2",
                "       ",
                "md2 : active (auto-read-only) raid0 dm-1[1] dm-0[0]",
                "      1048576 blocks super 1.2 512k chunks",
                "       ",
                "unused devices: <none>",
                ""));

        List<RaidArray> arrays = collect(root);

        assertEquals(RaidArray.newBuilder()
                .setName("md127").setStatus("inactive")
                .putAllComponents(Map.of("sdf", "0", "sdg", "1"))
                .build(), arrays.get(0));
        assertEquals(RaidArray.newBuilder()
                .setName("md2").setStatus("active").setType("raid0")
                .putAllComponents(Map.of("dm-1", "1", "dm-0", "0"))
                .build(), arrays.get(1));
    }

    @Test
    void givesAnEmptyReadingWithoutMdSupport() {
        assertEquals(List.of(), collect(Fixtures.root(Fixtures.DEBIAN_VM)));
    }
}
