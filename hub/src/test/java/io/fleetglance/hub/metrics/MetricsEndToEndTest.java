package io.fleetglance.hub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real hub with real agents on loopback: its /metrics read back and checked against its own JSON API. */
class MetricsEndToEndTest {

    private static Hub hub;
    private static final List<Agent> agents = new ArrayList<>();
    private static TestHttp http;
    private static Scrapes scrapes;

    @BeforeAll
    static void startFleet() throws Exception {
        hub = Hub.start(HubSettings.loopback());
        http = new TestHttp(hub.port());
        scrapes = new Scrapes(hub.port());
        agents.add(TestHttp.startAgent(hub, "alpha", Duration.ofSeconds(1)));
        agents.add(TestHttp.startAgent(hub, "beta", Duration.ofSeconds(1)));
        assertTrue(TestHttp.await(Duration.ofSeconds(30), () -> hub.registry().hosts().size() == 2
                && hub.registry().hosts().stream().allMatch(h -> h.lastSeq() >= 3)), "every agent sent 3 samples");
    }

    @AfterAll
    static void stopFleet() throws Exception {
        agents.forEach(Agent::close);
        hub.close();
    }

    /** The JSON of /all and the exposition of the same published state (asked again if a sample came between). */
    private record Pair(JsonNode all, Exposition metrics) {
    }

    private static Pair sameState(String host, String metricsPath) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            JsonNode before = http.get("/hosts/" + host + "/api/4/all").json();
            String m = scrapes.text(metricsPath);
            JsonNode after = http.get("/hosts/" + host + "/api/4/all").json();
            if (before.equals(after)) {
                return new Pair(before, Exposition.parse(m));
            }
        }
        throw new AssertionError("the state of " + host + " never held still across three requests");
    }

    @Test
    void exposesEveryNumericFieldOfEveryHostUnderGlancesNames() throws Exception {
        for (String host : List.of("alpha", "beta")) {
            Pair p = sameState(host, "/metrics");
            assertEquals(List.of("alpha", "beta"), p.metrics().hosts());
            int checked = compare(host, p);
            assertTrue(checked > 50, "only " + checked + " values compared for " + host);
        }
    }

    @Test
    void hostRouteHoldsOnlyThatHost() throws Exception {
        Pair p = sameState("beta", "/hosts/beta/metrics");
        assertEquals(List.of("beta"), p.metrics().hosts());
        compare("beta", p);
        TestHttp.Answer unknown = http.get("/hosts/nosuchhost/metrics"); // small: the test client's 5 s is plenty
        assertEquals(404, unknown.status());
        assertEquals("Unknown host nosuchhost", unknown.json().get("detail").asText());
    }

    /** Compares each number the JSON API shows with the exposition, named as Glances' exporter names it. */
    private static int compare(String host, Pair p) throws Exception {
        int checked = 0;
        Iterator<Map.Entry<String, JsonNode>> plugins = p.all().fields();
        while (plugins.hasNext()) {
            Map.Entry<String, JsonNode> plugin = plugins.next();
            String name = plugin.getKey();
            if (HostSeries.NOT_EXPORTED.contains(name)) {
                assertTrue(p.metrics().samples().stream().noneMatch(s -> s.name().startsWith("glances_" + name + "_")),
                        name + " is not exported, as in Glances");
                continue;
            }
            PluginSpec spec = GlancesPlugins.catalogue().plugin(name).orElseThrow();
            JsonNode stats = plugin.getValue();
            if (stats.isObject()) {
                checked += compareItem(p.metrics(), name, stats, Map.of("host", host, "src", "glances"));
            } else if (stats.isArray()) {
                for (JsonNode item : stats) {
                    String key = item.path(item.path("key").asText(spec.keyField())).asText();
                    checked += compareItem(p.metrics(), name, item,
                            Map.of("host", host, "src", "glances", spec.keyField(), key));
                }
            }
        }
        // limits are merged into the stats as Glances' export does
        JsonNode limits = http.get("/hosts/" + host + "/api/4/cpu/limits").json();
        assertEquals(limits.get("cpu_user_careful").asDouble(), value(p.metrics(), "glances_cpu_cpu_user_careful",
                Map.of("host", host)));
        // uptime: seconds, as Glances' uptime export
        String[] clock = p.all().get("uptime").asText().replaceAll(".*, ", "").split(":");
        double seconds = value(p.metrics(), "glances_uptime_seconds", Map.of("host", host));
        assertEquals(Long.parseLong(clock[0]) * 3600 + Long.parseLong(clock[1]) * 60 + Long.parseLong(clock[2]),
                (long) seconds % 86_400);
        return checked;
    }

    private static int compareItem(Exposition metrics, String plugin, JsonNode item, Map<String, String> labels) {
        int checked = 0;
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            if (!v.isNumber() && !v.isBoolean()) {
                continue;
            }
            String metric = ("glances_" + plugin + "_" + f.getKey().toLowerCase(Locale.ROOT))
                    .replaceAll("[ .\\-/:\\[\\]]", "_");
            double expected = v.isBoolean() ? (v.booleanValue() ? 1 : 0) : v.doubleValue();
            assertEquals(expected, value(metrics, metric, labels), metric + labels);
            checked++;
        }
        return checked;
    }

    private static double value(Exposition metrics, String name, Map<String, String> labels) {
        return metrics.find(name, labels).orElseThrow(() -> new AssertionError("no " + name + labels)).value();
    }

    @Test
    void helpComesFromTheCatalogueAndEveryFamilyIsAGauge() throws Exception {
        Exposition e = Exposition.parse(scrapes.text("/metrics"));
        assertEquals("Sum of all CPU percentages (except idle). (percent)", e.help().get("glances_cpu_total"),
                "help of glances_cpu_total");
        assertTrue(e.help().get("glances_network_bytes_recv_rate_per_sec").endsWith(", per second"));
        assertFalse(e.types().isEmpty());
        e.types().forEach((name, type) -> assertEquals("gauge", type, name));
        assertTrue(e.samples().stream().anyMatch(s -> s.name().equals("glances_fs_used")
                && "/".equals(s.labels().get("mnt_point"))), "the root file system, labelled by its mount point");
    }

    @Test
    void answersOpenMetricsWhenAskedAndGzipWhenAccepted() throws Exception {
        HttpResponse<byte[]> om = scrapes.get("/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        String omType = om.headers().firstValue("content-type").orElse("");
        assertTrue(omType.startsWith("application/openmetrics-text"), omType);
        assertTrue(new String(om.body(), StandardCharsets.UTF_8).endsWith("# EOF\n"));
        HttpResponse<byte[]> plain = scrapes.get("/metrics");
        assertEquals("text/plain; version=0.0.4; charset=utf-8", plain.headers().firstValue("content-type").orElse(""));
        assertFalse(plain.headers().firstValue("content-encoding").isPresent());

        HttpResponse<byte[]> gz = scrapes.get("/metrics", "Accept-Encoding", "gzip");
        assertEquals("gzip", gz.headers().firstValue("content-encoding").orElse(""));
        String text;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(text.contains("glances_cpu_total{host=\"alpha\",src=\"glances\"}"), "gzip body is the exposition");
    }
}
