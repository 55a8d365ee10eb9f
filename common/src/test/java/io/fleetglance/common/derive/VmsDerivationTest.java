package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.Vm;
import io.fleetglance.proto.VmsReading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmsDerivationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long TWO_S = 2_000_000_000L;

    private final VmsDerivation vms = new VmsDerivation(Readings.spec("vms"), GlancesConfig.empty());

    private static Vm multipass() {
        return Vm.newBuilder().setName("adapted-budgerigar").setId("182dc760bfca").setRelease("Ubuntu 24.04.1 LTS")
                .setStatus("running").setCpuCount(1).setMemoryUsage(432_058_368L).setMemoryTotal(1_002_500_096L)
                .setLoad1Min(0.08).setLoad5Min(0.03).setLoad15Min(0.01).setIpv4("10.160.166.174")
                .setEngine("multipass").setEngineVersion("1.14.1").build();
    }

    private static Vm win11(long cpuNs) {
        return Vm.newBuilder().setName("win11").setId("4").setRelease("Windows 11 Pro").setStatus("running")
                .setCpuCount(4).setCpuTime(cpuNs).setMemoryUsage(8_641_654_784L).setMemoryTotal(8_589_934_592L)
                .setEngine("virsh").setEngineVersion("QEMU 7.2.0").build();
    }

    private static Vm build(long cpuNs) {
        return Vm.newBuilder().setName("debian-build").setId("7").setStatus("paused").setCpuCount(2)
                .setCpuTime(cpuNs).setMemoryUsage(1_073_741_824L).setMemoryTotal(2_147_483_648L)
                .setEngine("virsh").setEngineVersion("QEMU 7.2.0").build();
    }

    private static Sample sample(long monoNs, Vm... machines) {
        return sampleAt(monoNs).setVms(VmsReading.newBuilder().addAllVms(List.of(machines))).build();
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void describesMachinesAndSortsByLoadThenMemory() throws Exception {
        JsonNode stats = vms.derive(sample(0, build(86_000_000_000L), win11(1_702_145_606_000L), multipass()))
                .orElseThrow();

        assertEquals(json("""
                [{'key':'name','name':'adapted-budgerigar','id':'182dc760bfca','status':'running',
                  'release':'Ubuntu 24.04.1 LTS','cpu_count':1,'memory_usage':432058368,'memory_total':1002500096,
                  'load_1min':0.08,'load_5min':0.03,'load_15min':0.01,'ipv4':'10.160.166.174','engine':'multipass',
                  'engine_version':'1.14.1'},
                 {'key':'name','name':'win11','id':'4','status':'running','release':'Windows 11 Pro','cpu_count':4,
                  'cpu_time':170214.5606,'memory_usage':8641654784,'memory_total':8589934592,'load_1min':null,
                  'load_5min':null,'load_15min':null,'ipv4':null,'engine':'virsh','engine_version':'QEMU 7.2.0'},
                 {'key':'name','name':'debian-build','id':'7','status':'paused','release':'','cpu_count':2,
                  'cpu_time':8600.0,'memory_usage':1073741824,'memory_total':2147483648,'load_1min':null,
                  'load_5min':null,'load_15min':null,'ipv4':null,'engine':'virsh','engine_version':'QEMU 7.2.0'}]
                """), stats);
    }

    @Test
    void turnsCpuTimeIntoARateFieldFromTheSecondSample() throws Exception {
        vms.derive(sample(0, win11(1_702_145_606_000L)));

        // 3 s of CPU in 2 s: 300 Glances units (centiseconds), 150 a second.
        JsonNode win11 = vms.derive(sample(TWO_S, win11(1_705_145_606_000L))).orElseThrow().get(0);

        assertEquals(300.0, win11.get("cpu_time").doubleValue());
        assertEquals(170514.5606, win11.get("cpu_time_gauge").doubleValue());
        assertEquals(150.0, win11.get("cpu_time_rate_per_sec").doubleValue());
        assertEquals(2.0, win11.get("time_since_update").doubleValue());
        List<String> fields = new ArrayList<>();
        win11.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("key", "name", "id", "status", "release", "cpu_count", "cpu_time", "memory_usage",
                "memory_total", "load_1min", "load_5min", "load_15min", "ipv4", "engine", "engine_version",
                "time_since_update", "cpu_time_gauge", "cpu_time_rate_per_sec"), fields);
    }

    @Test
    void givesZeroRatesForAStoppedCounterOrOneThatWentBack() {
        vms.derive(sample(0, win11(5_000_000_000L), build(0)));

        JsonNode stats = vms.derive(sample(TWO_S, win11(1_000_000_000L), build(0))).orElseThrow();

        for (JsonNode vm : stats) {
            assertTrue(vm.get("cpu_time").isInt());
            assertEquals(0, vm.get("cpu_time").intValue());
            assertEquals(0, vm.get("cpu_time_rate_per_sec").intValue());
        }
    }

    @Test
    void keepsGlancesExactDivisionForLargeCounters() {
        assertEquals(115292150460.68471, VmsDerivation.cpuTime(win11(1L << 60)));
    }

    @Test
    void readsZeroCountsAndMemoryAsUnknown() {
        JsonNode stopped = vms.derive(sample(0, multipass().toBuilder().setName("primary").setStatus("stopped")
                .setCpuCount(0).setMemoryUsage(0).setMemoryTotal(0).clearIpv4().build())).orElseThrow().get(0);

        assertTrue(stopped.get("cpu_count").isNull());
        assertTrue(stopped.get("memory_usage").isNull());
        assertTrue(stopped.get("memory_total").isNull());
        assertTrue(stopped.get("ipv4").isNull());
    }

    @Test
    void derivesNothingWithoutAReadingOrWhenDisabled() throws Exception {
        assertTrue(vms.derive(sampleAt(0).build()).isEmpty());
        assertEquals(json("[]"), vms.derive(sample(0)).orElseThrow());
        assertTrue(new VmsDerivation(Readings.spec("vms"), GlancesConfig.parse("t", List.of("[vms]", "disable=True")))
                .derive(sample(0, multipass())).isEmpty());
    }
}
