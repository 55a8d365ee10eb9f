package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Container;
import io.fleetglance.proto.ContainersReading;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainersDerivationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long TWO_S = 2_000_000_000L;

    /** nginx on the bridge network, started 2 h 58 min before the first sample. */
    static Container web(long cpu, long system, long usage, long inactive, long read, long write, long rx, long tx) {
        return Container.newBuilder().setEngine("docker").setId("9b2f6c1e4d7a").setName("web")
                .setImage("nginx:1.27").setStatus("running").setCreated("2026-11-26T14:00:00.123456789Z")
                .addAllCommand(List.of("/docker-entrypoint.sh", "nginx", "-g", "daemon off;")).setHasCommand(true)
                .setCpuTotalUsage(cpu).setSystemCpuUsage(system).setOnlineCpus(2)
                .setMemoryUsage(usage).setMemoryLimit(8_327_155_712L).setMemoryInactiveFile(inactive)
                .setHasIo(true).setIoReadBytes(read).setIoWriteBytes(write)
                .setHasNetwork(true).setNetworkRxBytes(rx).setNetworkTxBytes(tx)
                .setPorts("8080->80/tcp").setStartedAtS(1_795_701_601L).build();
    }

    /** postgres on the host network (no eth0), limited to 1.5 CPUs, started 3 days before the first sample. */
    static Container db(long cpu, long system, long write) {
        return Container.newBuilder().setEngine("docker").setId("4c8d2e0f1a3b").setName("db")
                .setImage("postgres:16").setStatus("running").setCreated("2026-11-26T12:53:20.5Z")
                .addAllCommand(List.of("docker-entrypoint.sh", "postgres")).setHasCommand(true)
                .setCpuTotalUsage(cpu).setSystemCpuUsage(system).setOnlineCpus(2)
                .setMemoryUsage(270_532_608L).setMemoryLimit(1_073_741_824L).setMemoryInactiveFile(67_108_864L)
                .setHasIo(true).setIoReadBytes(73_400_320L).setIoWriteBytes(write)
                .setStartedAtS(1_795_453_086L).setCpuLimit(1.5).build();
    }

    private static Sample sample(long monoNs, Container... containers) {
        return sampleAt(monoNs).setContainers(ContainersReading.newBuilder().setEngineReachable(true)
                .addAllContainers(List.of(containers))).build();
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    private static ContainersDerivation derivation() {
        return new ContainersDerivation(Readings.spec("containers"), GlancesConfig.empty());
    }

    private static GlancesConfig config(String... lines) {
        return GlancesConfig.parse("test.conf", List.of(lines));
    }

    @Test
    void derivesRatesAndPercentagesFromTwoSamples() throws Exception {
        ContainersDerivation containers = derivation();
        containers.derive(sample(0, web(5_000_000_000L, 100_000_000_000_000L, 52_428_800, 10_485_760, 1_048_576,
                4_096, 10_000, 2_000), db(90_000_000_000L, 100_000_000_000_000L, 209_715_200L)));

        JsonNode stats = containers.derive(sample(TWO_S, web(5_400_000_000L, 100_004_000_000_000L, 54_525_952,
                12_582_912, 5_242_880, 12_288, 40_000, 7_001), db(91_200_000_000L, 100_004_000_000_000L,
                210_763_776L))).orElseThrow();

        // db: 1.2e9 ns of 4e9 ns of system time, on 2 CPUs: 60 %; it sorts first.
        assertEquals(json("""
                [{'key':'name','name':'db','id':'4c8d2e0f1a3b','image':'postgres:16','status':'running',
                  'created':'2026-11-26T12:53:20.5Z','command':['docker-entrypoint.sh','postgres'],
                  'cpu':{'total':60.0},
                  'memory':{'usage':270532608,'limit':1073741824,'inactive_file':67108864},
                  'io':{'cumulative_ior':73400320,'cumulative_iow':210763776,'time_since_update':2,'ior':0,
                        'iow':1048576},
                  'network':{},
                  'cpu_percent':60.0,'cpu_limit':1.5,'memory_usage':203423744,'memory_inactive_file':67108864,
                  'memory_limit':1073741824,'memory_percent':18.9453125,'io_rx':0,'io_wx':524288,
                  'network_rx':null,'network_tx':null,'ports':'','uptime':'3 days','engine':'docker'},
                 {'key':'name','name':'web','id':'9b2f6c1e4d7a','image':'nginx:1.27','status':'running',
                  'created':'2026-11-26T14:00:00.123456789Z',
                  'command':['/docker-entrypoint.sh','nginx','-g','daemon off;'],
                  'cpu':{'total':20.0},
                  'memory':{'usage':54525952,'limit':8327155712,'inactive_file':12582912},
                  'io':{'cumulative_ior':5242880,'cumulative_iow':12288,'time_since_update':2,'ior':4194304,
                        'iow':8192},
                  'network':{'cumulative_rx':40000,'cumulative_tx':7001,'time_since_update':2,'rx':30000,
                             'tx':5001},
                  'cpu_percent':20.0,'cpu_limit':null,'memory_usage':41943040,'memory_inactive_file':12582912,
                  'memory_limit':8327155712,'memory_percent':0.5036898726363098,'io_rx':2097152,'io_wx':4096,
                  'network_rx':15000,'network_tx':2500,'ports':'8080->80/tcp','uptime':'2 hours',
                  'engine':'docker'}]
                """), stats);
    }

    @Test
    void keepsFieldsInGlancesOrder() {
        JsonNode web = derivation().derive(sample(0, web(1, 1, 1, 0, 1, 1, 1, 1))).orElseThrow().get(0);

        List<String> fields = new ArrayList<>();
        web.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("key", "name", "id", "image", "status", "created", "command", "cpu", "memory", "io",
                "network", "cpu_percent", "cpu_limit", "memory_usage", "memory_inactive_file", "memory_limit",
                "memory_percent", "io_rx", "io_wx", "network_rx", "network_tx", "ports", "uptime", "engine"), fields);
    }

    @Test
    void givesNoRatesBeforeASecondSample() throws Exception {
        JsonNode web = derivation().derive(sample(0, web(5_000_000_000L, 100_000_000_000_000L, 52_428_800,
                10_485_760, 1_048_576, 4_096, 10_000, 2_000))).orElseThrow().get(0);

        assertEquals(json("{'total':0.0}"), web.get("cpu"));
        assertEquals(json("{'cumulative_ior':1048576,'cumulative_iow':4096}"), web.get("io"));
        assertEquals(json("{'cumulative_rx':10000,'cumulative_tx':2000}"), web.get("network"));
        assertTrue(web.get("io_rx").isNull());
        assertTrue(web.get("network_tx").isNull());
        assertEquals(0.0, web.get("cpu_percent").doubleValue());
        assertEquals(41_943_040, web.get("memory_usage").intValue());
    }

    @Test
    void floorsByWholeSecondsAndNeverLessThanOne() throws Exception {
        ContainersDerivation containers = derivation();
        containers.derive(sample(0, web(0, 0, 0, 0, 0, 0, 1_000, 0)));
        // 2.5 s between samples rounds half to even: 2 s. 1001 bytes / 2 s: 500 B/s.
        JsonNode later = containers.derive(sample(2_500_000_000L, web(0, 0, 0, 0, 0, 0, 2_001, 0)))
                .orElseThrow().get(0);
        // 0.3 s: one second.
        JsonNode soon = containers.derive(sample(2_800_000_000L, web(0, 0, 0, 0, 0, 0, 2_301, 0)))
                .orElseThrow().get(0);

        assertEquals(2, later.get("network").get("time_since_update").intValue());
        assertEquals(500, later.get("network_rx").intValue());
        assertEquals(1, soon.get("network").get("time_since_update").intValue());
        assertEquals(300, soon.get("network_rx").intValue());
    }

    @Test
    void describesAStoppedContainerByItsIdentityAndSortsByNameThen() throws Exception {
        Container migrate = Container.newBuilder().setEngine("docker").setId("e7a1b2c3d4e5").setName("migrate")
                .setImage("flyway/flyway:10").setStatus("exited").setCreated("2026-11-26T09:46:40Z")
                .addCommand("migrate").setHasCommand(true).setStartedAtS(1_795_686_401L).setCpuLimit(0.5).build();
        Container noCommand = migrate.toBuilder().setName("alpine").setId("0a1b").clearCommand().setHasCommand(false)
                .build();

        JsonNode stats = derivation().derive(sample(0, web(1, 1, 1, 0, 1, 1, 1, 1), migrate, noCommand))
                .orElseThrow();

        assertEquals(List.of("alpine", "migrate", "web"), stats.findValuesAsText("name"));
        assertEquals(json("""
                {'key':'name','name':'migrate','id':'e7a1b2c3d4e5','image':'flyway/flyway:10','status':'exited',
                 'created':'2026-11-26T09:46:40Z','command':['migrate'],'cpu':{},'memory':{},'io':{},'network':{},
                 'cpu_percent':null,'memory_percent':null,'io_rx':null,'io_wx':null,'network_rx':null,
                 'network_tx':null,'ports':'','uptime':null,'engine':'docker'}
                """), stats.get(1));
        assertTrue(stats.get(0).get("command").isNull());
    }

    @Test
    void namesThePodOfAPodmanContainer() {
        Container api = web(1, 1, 1, 0, 1, 1, 1, 1).toBuilder().setEngine("podman").setName("api")
                .setPodName("shop").setPodId("a7c3e1f5b9d2").build();

        JsonNode element = derivation().derive(sample(0, api)).orElseThrow().get(0);

        assertEquals("podman", element.get("engine").asText());
        assertEquals("shop", element.get("pod_name").asText());
        assertEquals("a7c3e1f5b9d2", element.get("pod_id").asText());
        assertFalse(derivation().derive(sample(0, web(1, 1, 1, 0, 1, 1, 1, 1))).orElseThrow().get(0)
                .has("pod_name"));
    }

    @Test
    void answersAnEmptyDictWithoutAnEngineAsGlancesDoes() {
        JsonNode stats = derivation().derive(sampleAt(0).setContainers(ContainersReading.newBuilder()
                .setEngineReachable(false)).build()).orElseThrow();

        assertEquals(GlancesSamples.read("containers.json"), stats);
    }

    @Test
    void answersAnEmptyDictWhenEveryContainerIsHidden() {
        JsonNode stats = new ContainersDerivation(Readings.spec("containers"), config("[containers]", "hide=web"))
                .derive(sample(0, web(1, 1, 1, 0, 1, 1, 1, 1))).orElseThrow();

        assertEquals(GlancesSamples.read("containers.json"), stats);
    }

    @Test
    void derivesNothingWithoutAReadingOrWhenDisabled() {
        assertTrue(derivation().derive(sampleAt(0).build()).isEmpty());
        assertTrue(new ContainersDerivation(Readings.spec("containers"), config("[containers]", "disable=True"))
                .derive(sample(0, web(1, 1, 1, 0, 1, 1, 1, 1))).isEmpty());
    }

    @Test
    void hidesAndShowsByFullNameMatchIgnoringCase() {
        Container[] three = {web(1, 1, 1, 0, 1, 1, 1, 1), db(1, 1, 1),
            web(1, 1, 1, 0, 1, 1, 1, 1).toBuilder().setId("77").setName("Web-Canary").build()};

        JsonNode hidden = new ContainersDerivation(Readings.spec("containers"), config("[containers]", "hide=web.*"))
                .derive(sample(0, three)).orElseThrow();
        JsonNode shown = new ContainersDerivation(Readings.spec("containers"), config("[containers]", "show=db,WEB", "hide=db"))
                .derive(sample(0, three)).orElseThrow();

        assertEquals(List.of("db"), hidden.findValuesAsText("name"));
        // With a show list, only the shown are kept and hide is not consulted; "web" does not match "web-canary".
        assertEquals(List.of("db", "web"), shown.findValuesAsText("name"));
    }

    @Test
    void readsACounterThatWentBackAsNoActivity() {
        ContainersDerivation containers = derivation();
        containers.derive(sample(0, web(9_000, 1_000_000, 1, 0, 5_000, 5_000, 5_000, 5_000)));

        JsonNode restarted = containers.derive(sample(TWO_S, web(10, 3_000_000, 1, 0, 100, 100, 100, 100)))
                .orElseThrow().get(0);

        assertEquals(0.0, restarted.get("cpu_percent").doubleValue());
        assertEquals(0, restarted.get("io_rx").intValue());
        assertEquals(0, restarted.get("network_tx").intValue());
    }

    @Test
    void saysHowLongAgoAsGlancesPrettyDateDoes() {
        assertEquals("just now", ContainersDerivation.prettyDate(9));
        assertEquals("10 secs", ContainersDerivation.prettyDate(10));
        assertEquals("a min", ContainersDerivation.prettyDate(119));
        assertEquals("2 mins", ContainersDerivation.prettyDate(120));
        assertEquals("an hour", ContainersDerivation.prettyDate(3_600));
        assertEquals("23 hours", ContainersDerivation.prettyDate(86_399));
        assertEquals("yesterday", ContainersDerivation.prettyDate(86_400));
        assertEquals("6 days", ContainersDerivation.prettyDate(6 * 86_400 + 5));
        assertEquals("a week", ContainersDerivation.prettyDate(13 * 86_400));
        assertEquals("4 weeks", ContainersDerivation.prettyDate(30 * 86_400));
        assertEquals("a month", ContainersDerivation.prettyDate(59 * 86_400));
        assertEquals("12 months", ContainersDerivation.prettyDate(364 * 86_400));
        assertEquals("an year", ContainersDerivation.prettyDate(365 * 86_400));
        assertEquals("2 years", ContainersDerivation.prettyDate(730 * 86_400));
        assertEquals("", ContainersDerivation.prettyDate(-1));
    }
}
