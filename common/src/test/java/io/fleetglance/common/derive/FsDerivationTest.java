package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.FileSystem;
import io.fleetglance.proto.FsReading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FsDerivationTest {

    private static final String OPTIONS = "rw,relatime,discard,resv_strict,resuid=65534,resgid=65534";

    @Test
    void theRootOfTheReferenceVmEqualsFsJson() {
        JsonNode stats = fs(new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty()), root());

        // percent = 23386787840 / (23386787840 + 85557506048) x 100 = 21.47 -> 21.5; size is not used + free.
        assertEquals(GlancesSamples.read("fs.json"), stats);
    }

    @Test
    void percentIsZeroForAnEmptyFileSystem() {
        JsonNode stats = fs(new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty()), mount("/dev/sdb", "/empty", "ext4", 0, 0, 0, true));

        assertEquals(0.0, stats.get(0).get("percent").doubleValue());
    }

    @Test
    void listsPhysicalFileSystemsThenAllowedTypesOnce() {
        HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[fs]", "allow=zfs,nfs"));

        JsonNode stats = fs(deriver,
                mount("tank/data", "/data", "zfs", 100, 10, 90, false),
                root(),
                mount("tmpfs", "/run", "tmpfs", 100, 10, 90, false),
                // nfs4 contains nfs: Glances tests with a substring search.
                mount("srv:/export", "/mnt/export", "nfs4", 100, 10, 90, false),
                // Already listed as a physical file system: not listed twice.
                mount("/dev/vda", "/", "zfs", 100, 10, 90, false));

        assertEquals(List.of("/", "/data", "/mnt/export"), mountPoints(stats));
    }

    @Test
    void leavesOutOtherTypesWithoutAllow() {
        JsonNode stats = fs(new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty()), root(), mount("tmpfs", "/run", "tmpfs", 100, 10, 90, false));

        assertEquals(List.of("/"), mountPoints(stats));
    }

    @Test
    void hidesBootAndSnapMountsByDefault() {
        JsonNode stats = fs(new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty()), root(), mount("/dev/vda1", "/boot/efi", "vfat", 10, 1, 9, true),
                mount("/dev/loop3", "/snap/core/1", "squashfs", 10, 10, 0, true));

        assertEquals(List.of("/"), mountPoints(stats));
    }

    @Test
    void testsHideAndShowAgainstTheDeviceToo() {
        HostDeriver hiding = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[fs]", "hide=/dev/sdb.*"));
        HostDeriver showing = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[fs]", "show=/dev/sdb1"));
        FileSystem data = mount("/dev/sdb1", "/data", "ext4", 10, 1, 9, true);

        assertEquals(List.of("/"), mountPoints(fs(hiding, root(), data)));
        assertEquals(List.of("/data"), mountPoints(fs(showing, root(), data)));
    }

    @Test
    void addsTheAliasOfAMountPointOnlyWhenThereIsOne() {
        HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[fs]", "alias=/data:Data"));

        JsonNode stats = fs(deriver, root(), mount("/dev/sdb1", "/data", "ext4", 10, 1, 9, true));

        assertFalse(stats.get(0).has("alias"));
        assertEquals("Data", stats.get(1).get("alias").asText());
    }

    private static FileSystem root() {
        return FileSystem.newBuilder().setDeviceName("/dev/vda").setMntPoint("/").setFsType("ext4")
                .setOptions(OPTIONS).setSize(270_553_174_016L).setUsed(23_386_787_840L).setFree(85_557_506_048L)
                .setPhysical(true).build();
    }

    private static FileSystem mount(String device, String mntPoint, String type, long size, long used, long free,
                                    boolean physical) {
        return FileSystem.newBuilder().setDeviceName(device).setMntPoint(mntPoint).setFsType(type).setOptions("rw")
                .setSize(size).setUsed(used).setFree(free).setPhysical(physical).build();
    }

    static JsonNode fs(HostDeriver deriver, FileSystem... filesystems) {
        return deriver.derive(sampleAt(0).setFs(FsReading.newBuilder().addAllFilesystems(List.of(filesystems)))
                .build()).get("fs");
    }

    private static List<String> mountPoints(JsonNode stats) {
        List<String> names = new ArrayList<>();
        stats.forEach(e -> names.add(e.get("mnt_point").asText()));
        return names;
    }
}
