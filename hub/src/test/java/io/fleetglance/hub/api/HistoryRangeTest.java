package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.hub.fleet.AgentLink;
import io.fleetglance.hub.fleet.Host;
import io.fleetglance.hub.fleet.TestHosts;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.MemReading;
import io.fleetglance.proto.Sample;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The history range route and forgetting a host, on a real hub with its store, against hand-computed values. */
class HistoryRangeTest {


    /** A sample whose memory use is exactly {@code percent} %. */
    private static Sample sample(long seq, long timeUs, int percent) {
        return Sample.newBuilder().setSeq(seq).setWallTimeUs(timeUs).setMonoTimeNs(seq * 1_000_000_000L)
                .setMem(MemReading.newBuilder().setTotal(1000).setAvailable(1000 - 10L * percent)
                        .setFree(1000 - 10L * percent))
                .build();
    }

    @Test
    void rangeFoldsRawPointsIntoHandComputedBucketsAndForgetRemovesTheHost() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            AgentLink link = TestHosts.cuttableLink();
            Host host = hub.registry().attach(Hello.newBuilder().setHostName("web").setAgentId("id-web")
                    .setSamplePeriodMs(1000).build(), link);
            hub.registry().setLocalHostName("web");
            long from = (System.currentTimeMillis() / 1000 - 60) * 1_000_000L; // a whole second, a minute ago
            for (int i = 0; i < 10; i++) {
                hub.registry().ingest(host, sample(i + 1, from + i * 1_000_000L, 10 + 5 * i));
            }
            CountDownLatch durable = new CountDownLatch(1);
            hub.registry().afterDurable(durable::countDown);
            assertTrue(durable.await(30, TimeUnit.SECONDS));
            TestHttp http = new TestHttp(hub.port());
            long fromS = from / 1_000_000L;
            for (String base : new String[] {"/hosts/web/api/4", "/api/4"}) {
                TestHttp.Answer a = http.get(base + "/mem/history/range?from=" + fromS + "&to=" + (fromS + 10)
                        + "&points=2");
                assertEquals(200, a.status(), a.body());
                assertEquals("raw", a.json().get("tier").asText());
                assertEquals(5.0, a.json().get("step").asDouble());
                JsonNode percent = a.json().get("series").get("percent");
                assertEquals(2, percent.size(), a.body());
                // [time, avg, min, max]: 10 15 20 25 30, then 35 40 45 50 55
                assertEquals(HistoryJson.timestamp(from), percent.get(0).get(0).asText());
                assertPoint(percent.get(0), 20, 10, 30);
                assertEquals(HistoryJson.timestamp(from + 5_000_000L), percent.get(1).get(0).asText());
                assertPoint(percent.get(1), 45, 35, 55);
            }
            TestHttp.Answer bad = http.get("/hosts/web/api/4/mem/history/range?points=0");
            assertEquals(400, bad.status());
            assertEquals("points must be 1..5000, got 0", bad.json().get("detail").asText());
            bad = http.get("/hosts/web/api/4/mem/history/range?from=yesterday");
            assertEquals(400, bad.status());
            assertTrue(bad.json().get("detail").asText().startsWith("from must be a time in epoch seconds"));

            JsonNode openapi = http.get("/openapi.json").json().get("paths");
            assertTrue(openapi.has("/hosts/{name}/api/4/{plugin}/history/range"));
            assertTrue(openapi.has("/api/4/{plugin}/history/range"));
            assertTrue(openapi.get("/hosts/{name}").has("delete"));

            // forgetting: refused while the agent is connected, then done, then unknown
            TestHttp.Answer live = http.send("DELETE", "/hosts/web");
            assertEquals(409, live.status(), live.body());
            link.close("gone");
            hub.registry().detach(host, link);
            TestHttp.Answer done = http.send("DELETE", "/hosts/web");
            assertEquals(200, done.status(), done.body());
            assertEquals(404, http.get("/hosts/web/api/4/mem").status());
            assertEquals(404, http.send("DELETE", "/hosts/web").status());
            assertEquals(0, hub.registry().historyStore().orElseThrow().hosts().size(), "gone from the store too");
        }
    }

    private static void assertPoint(JsonNode point, double avg, double min, double max) {
        assertEquals(avg, point.get(1).asDouble(), 1e-9, "avg " + point);
        assertEquals(min, point.get(2).asDouble(), 1e-9, "min " + point);
        assertEquals(max, point.get(3).asDouble(), 1e-9, "max " + point);
    }
}
