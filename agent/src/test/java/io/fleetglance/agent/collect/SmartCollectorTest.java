package io.fleetglance.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SmartAttribute;
import io.fleetglance.proto.SmartDevice;
import io.fleetglance.proto.SmartReading;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmartCollectorTest {

    @TempDir
    Path scratch;

    private Path smartctl() throws IOException {
        HostRoot root = Fixtures.copy(Fixtures.WORKSTATION, scratch.resolve("machine"));
        return Fixtures.executable(root, "/usr/sbin/smartctl");
    }

    private static Sample collect(SmartCollector collector) {
        Sample.Builder sample = Sample.newBuilder();
        collector.collect(sample);
        return sample.build();
    }

    private static SmartReading enabledReading(SmartCollector collector) {
        collector.setEnabled(true);
        Sample sample = collect(collector);
        assertTrue(sample.hasSmart());
        return sample.getSmart();
    }

    @Test
    void readsNothingUntilEnabled() throws IOException {
        SmartCollector collector = new SmartCollector(Optional.of(smartctl()), true, Duration.ofSeconds(10));

        assertFalse(collector.enabled());
        assertFalse(collect(collector).hasSmart());
    }

    @Test
    void readsTheAttributeTableOfTheSataSsd() throws IOException {
        SmartReading smart = enabledReading(new SmartCollector(Optional.of(smartctl()), true, Duration.ofSeconds(10)));

        SmartDevice sda = smart.getDevices(0);
        assertEquals("/dev/sda", sda.getDeviceName());
        assertEquals("Samsung SSD 870 EVO 1TB", sda.getModel());
        assertEquals(List.of(5, 9, 12, 177, 179, 181, 182, 183, 187, 190, 195, 199, 235, 241),
                sda.getAttributesList().stream().map(SmartAttribute::getId).toList());
        assertEquals(SmartAttribute.newBuilder()
                .setId(9).setName("Power_On_Hours").setValue(97).setWorst(97).setThreshold(0)
                .setRaw("12873").setWhenFailed("").setFlags("-O--CK ").build(), sda.getAttributes(1));
        assertEquals(SmartAttribute.newBuilder()
                .setId(5).setName("Reallocated_Sector_Ct").setValue(100).setWorst(100).setThreshold(10)
                .setRaw("0").setWhenFailed("").setFlags("PO--CK ").build(), sda.getAttributes(0));
        assertEquals("38921839155", sda.getAttributes(13).getRaw());
        assertEquals(52, sda.getAttributes(9).getWorst());
    }

    @Test
    void listsTheNvmeDriveWithoutAtaAttributes() throws IOException {
        SmartReading smart = enabledReading(new SmartCollector(Optional.of(smartctl()), true, Duration.ofSeconds(10)));

        assertEquals(2, smart.getDevicesCount());
        assertEquals(SmartDevice.newBuilder().setDeviceName("/dev/nvme0").setModel("Samsung SSD 980 PRO 1TB").build(),
                smart.getDevices(1));
    }

    @Test
    void leavesOutADiskThatSleepsOrCannotBeOpened() throws IOException {
        Path smartctl = smartctl();
        HostRoot machine = new HostRoot(scratch.resolve("machine"));
        // smartctl -n standby exits with bit 1 set, and says why, when the disk is spun down.
        Fixtures.write(machine, "/usr/sbin/smartctl", "#!/bin/sh\n"
                + "answers=\"$(dirname \"$0\")/../share/smartctl-answers\"\n"
                + "case \"$*\" in\n"
                + "  \"--scan-open --json\") cat \"$answers/scan-open.json\" ;;\n"
                + "  *sda) echo '{\"smartctl\": {\"exit_status\": 2}, \"power_mode\": \"STANDBY\"}'; exit 2 ;;\n"
                + "  *nvme0) cat \"$answers/nvme0.json\" ;;\n"
                + "esac\n");
        Fixtures.executable(machine, "/usr/sbin/smartctl");

        SmartReading smart = enabledReading(new SmartCollector(Optional.of(smartctl), true, Duration.ofSeconds(10)));

        assertEquals(List.of("/dev/nvme0"), smart.getDevicesList().stream().map(SmartDevice::getDeviceName).toList());
    }

    @Test
    void givesAnEmptyReadingWhenNotRootOrWithoutSmartctl() throws IOException {
        assertEquals(SmartReading.getDefaultInstance(),
                enabledReading(new SmartCollector(Optional.of(smartctl()), false, Duration.ofSeconds(10))));
        assertEquals(SmartReading.getDefaultInstance(),
                enabledReading(new SmartCollector(Optional.empty(), true, Duration.ofSeconds(10))));
    }

    @Test
    void givesUpOnASmartctlThatHangs() throws IOException {
        HostRoot machine = new HostRoot(scratch);
        Fixtures.write(machine, "/usr/sbin/smartctl", "#!/bin/sh\nsleep 30\n");
        Path smartctl = Fixtures.executable(machine, "/usr/sbin/smartctl");

        long start = System.nanoTime();
        SmartReading smart = enabledReading(new SmartCollector(Optional.of(smartctl), true, Duration.ofMillis(300)));

        assertEquals(0, smart.getDevicesCount());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);
    }

    @Test
    void takesOnlyARealAndEffectiveRootAsRoot() {
        assertTrue(SmartCollector.runsAsRoot("Name:\tjava\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"));
        assertFalse(SmartCollector.runsAsRoot("Name:\tjava\nUid:\t1000\t1000\t1000\t1000\n"));
        assertFalse(SmartCollector.runsAsRoot("Uid:\t1000\t0\t0\t0\n"), "setuid root is not root");
        assertFalse(SmartCollector.runsAsRoot("Uid:\t0\t1000\t0\t0\n"), "root that dropped privileges");
        assertFalse(SmartCollector.runsAsRoot(""));
    }
}
