package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.Gpu;
import io.fleetglance.proto.GpuReading;
import io.fleetglance.proto.IpReading;
import io.fleetglance.proto.RaidArray;
import io.fleetglance.proto.RaidReading;
import io.fleetglance.proto.SmartAttribute;
import io.fleetglance.proto.SmartDevice;
import io.fleetglance.proto.SmartReading;
import io.fleetglance.proto.WifiInterface;
import io.fleetglance.proto.WifiReading;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plugins that pass a device reading through in Glances' shape: wifi, gpu, ip, raid, smart. */
class DeviceReadingsTest {

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void wifiNamesTheInterfaceAsSsidWithFloatQualities() {
        JsonNode wifi = deriver.derive(sampleAt(0).setWifi(WifiReading.newBuilder().addInterfaces(
                WifiInterface.newBuilder().setName("wlp2s0").setQualityLink(51).setQualityLevel(-59).setNoise(-256)))
                .build()).get("wifi").get(0);

        assertEquals(List.of("key", "ssid", "quality_link", "quality_level"), CpuDerivationTest.names(wifi));
        assertEquals("wlp2s0", wifi.get("ssid").asText());
        assertTrue(wifi.get("quality_link").isDouble());
        assertEquals(-59.0, wifi.get("quality_level").doubleValue());
    }

    @Test
    void gpuKeepsNvmlTypesAndNullsForWhatTheCardDoesNotReport() {
        JsonNode gpus = gpu(Gpu.newBuilder().setGpuId("nvidia0").setName("GeForce GTX").setMem(5.792331695556641)
                .setProc(4).setTemperature(26).setFanSpeed(30).build(),
                Gpu.newBuilder().setGpuId("amd0").setName("Radeon").setProc(12.5).build());

        JsonNode nvidia = gpus.get(0);
        assertEquals(List.of("key", "gpu_id", "name", "mem", "proc", "temperature", "fan_speed"),
                CpuDerivationTest.names(nvidia));
        assertEquals("gpu_id", nvidia.get("key").asText());
        assertTrue(nvidia.get("mem").isDouble());
        assertTrue(nvidia.get("proc").isInt());
        assertEquals(26, nvidia.get("temperature").intValue());
        JsonNode amd = gpus.get(1);
        assertTrue(amd.get("mem").isNull());
        assertEquals(12.5, amd.get("proc").doubleValue());
        assertTrue(amd.get("fan_speed").isNull());
    }

    @Test
    void ipOfTheReferenceVmEqualsIpJson() {
        JsonNode ip = ip(IpReading.newBuilder().setInterface("eth0").setAddress("192.0.2.2").setMask("255.255.255.0")
                .setMaskCidr(24).build());

        assertEquals(GlancesSamples.read("ip.json"), ip);
    }

    @Test
    void ipLeavesTheGatewayOutAsGlancesDoesAndIsEmptyWithoutAddress() {
        JsonNode ip = ip(IpReading.newBuilder().setAddress("10.0.0.5").setMask("255.255.0.0").setMaskCidr(16)
                .setGateway("10.0.0.1").build());

        // Glances declares gateway but never fills it: the same field names as ip.json.
        assertEquals(CpuDerivationTest.names(GlancesSamples.read("ip.json")), CpuDerivationTest.names(ip));
        assertEquals(16, ip.get("mask_cidr").intValue());
        assertEquals(0, ip(IpReading.newBuilder().build()).size());
    }

    @Test
    void raidIsTheDictOfArraysAsPymdstatWritesIt() {
        JsonNode raid = raid(RaidArray.newBuilder().setName("md0").setStatus("active").setType("raid1")
                .putAllComponents(Map.of("sdb1", "1", "sda1", "0")).setUsed(1).setAvailable(2).setConfig("[U_]")
                .build());

        JsonNode md0 = raid.get("md0");
        assertEquals(List.of("status", "type", "components", "available", "used", "config"),
                CpuDerivationTest.names(md0));
        assertEquals("active", md0.get("status").asText());
        assertEquals("raid1", md0.get("type").asText());
        assertEquals(List.of("sda1", "sdb1"), CpuDerivationTest.names(md0.get("components")));
        assertEquals("0", md0.get("components").get("sda1").asText());
        // pymdstat keeps the counts as the strings it split from "[2/1]".
        assertEquals("2", md0.get("available").asText());
        assertEquals("1", md0.get("used").asText());
        assertTrue(md0.get("used").isTextual());
        assertEquals("U_", md0.get("config").asText());
    }

    @Test
    void raidArrayWithoutTypeOrStatusLineHasNulls() {
        JsonNode md1 = raid(RaidArray.newBuilder().setName("md1").setStatus("inactive")
                .putComponents("sdc1", "0").build()).get("md1");

        assertTrue(md1.get("type").isNull());
        assertTrue(md1.get("available").isNull());
        assertTrue(md1.get("used").isNull());
        assertTrue(md1.get("config").isNull());
    }

    @Test
    void smartKeysDisksByDeviceAndModelAndAttributesById() {
        JsonNode disk = smart(deriver).get(0);

        assertEquals(List.of("DeviceName", "5", "194", "key"), CpuDerivationTest.names(disk));
        assertEquals("sda Samsung SSD 860", disk.get("DeviceName").asText());
        assertEquals("DeviceName", disk.get("key").asText());
        JsonNode temperature = disk.get("194");
        assertEquals(List.of("name", "flags", "raw", "value", "worst", "threshold", "type", "updated", "when_failed"),
                CpuDerivationTest.names(temperature));
        assertEquals("Temperature_Celsius", temperature.get("name").asText());
        assertEquals("31", temperature.get("raw").asText());
        assertEquals(69, temperature.get("value").intValue());
        assertEquals("-", temperature.get("when_failed").asText());
    }

    @Test
    void smartHidesDisksByDeviceName() {
        HostDeriver configured = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[smart]", "hide=sda .*"));

        assertEquals(0, smart(configured).size());
    }

    private JsonNode gpu(Gpu... gpus) {
        return deriver.derive(sampleAt(0).setGpu(GpuReading.newBuilder().addAllGpus(List.of(gpus))).build())
                .get("gpu");
    }

    private JsonNode ip(IpReading reading) {
        return deriver.derive(sampleAt(0).setIp(reading).build()).get("ip");
    }

    private JsonNode raid(RaidArray... arrays) {
        return deriver.derive(sampleAt(0).setRaid(RaidReading.newBuilder().addAllArrays(List.of(arrays))).build())
                .get("raid");
    }

    private static JsonNode smart(HostDeriver deriver) {
        SmartDevice disk = SmartDevice.newBuilder().setDeviceName("/dev/sda").setModel("Samsung SSD 860")
                .addAttributes(SmartAttribute.newBuilder().setId(5).setName("Reallocated_Sector_Ct").setValue(100)
                        .setWorst(100).setThreshold(10).setRaw("0").setWhenFailed("-").setFlags("0x0033"))
                .addAttributes(SmartAttribute.newBuilder().setId(194).setName("Temperature_Celsius").setValue(69)
                        .setWorst(52).setThreshold(0).setRaw("31").setWhenFailed("-").setFlags("0x0022"))
                .build();
        JsonNode stats = deriver.derive(sampleAt(0).setSmart(SmartReading.newBuilder().addDevices(disk)).build())
                .get("smart");
        assertNotNull(stats);
        return stats;
    }
}
