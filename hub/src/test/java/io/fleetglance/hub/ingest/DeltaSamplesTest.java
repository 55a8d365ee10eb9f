package io.fleetglance.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.agent.collect.Collector;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.wire.SampleDeltas;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.HubMessage;
import io.fleetglance.proto.IngestGrpc;
import io.fleetglance.proto.Sample;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Samples sent as deltas (what changed since the sample before): the hub rebuilds them and serves the same. */
class DeltaSamplesTest {

    /** A hub that acknowledges each sample once it is durable: these tests wait for each sample's ack in turn. */
    private static final HubSettings ACK_EACH = HubSettings.loopback()
            .withConfig(GlancesConfig.parse("glances.conf", List.of("[fleet]", "ack_seconds=0")));

    /** One raw stream to a hub: what it sends back, and how it ended. */
    static final class Stream implements AutoCloseable {
        final List<HubMessage> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> ended = new CompletableFuture<>();
        final ManagedChannel channel;
        final StreamObserver<AgentMessage> requests;

        Stream(Hub hub, String name) throws Exception {
            channel = SessionRulesTest.channel(hub);
            requests = IngestGrpc.newStub(channel).connect(new StreamObserver<>() {
                @Override
                public void onNext(HubMessage m) {
                    received.add(m);
                }

                @Override
                public void onError(Throwable t) {
                    ended.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    ended.complete(Status.OK);
                }
            });
            requests.onNext(SessionRulesTest.hello(name, "id-" + name + "-000001", ""));
        }

        void send(Sample sample) {
            requests.onNext(AgentMessage.newBuilder().setSample(sample).build());
        }

        /** Whether an ack covers {@code seq} (an ack covers every sample up to its own seq). */
        boolean acked(long seq) {
            return received.stream().anyMatch(m -> m.hasAck() && m.getAck().getSeq() >= seq);
        }

        List<Long> acks() {
            return received.stream().filter(HubMessage::hasAck).map(m -> m.getAck().getSeq()).toList();
        }

        @Override
        public void close() throws InterruptedException {
            requests.onCompleted();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** This machine's samples, one every 300 ms, with a process that starts after the second and ends before the last. */
    private static List<Sample> realSamples(int count) throws Exception {
        List<Collector> collectors = CollectorSet.standard(HostRoot.system()).all();
        List<Sample> samples = new ArrayList<>();
        java.lang.Process child = null;
        try {
            for (int i = 1; i <= count; i++) {
                if (i == 3) {
                    child = new ProcessBuilder("sleep", "60").start();
                }
                if (i == count && child != null) {
                    child.destroy();
                    child.waitFor(5, TimeUnit.SECONDS);
                }
                Sample.Builder b = Sample.newBuilder().setSeq(i).setWallTimeUs(System.currentTimeMillis() * 1000)
                        .setMonoTimeNs(System.nanoTime());
                for (Collector c : collectors) {
                    c.collect(b);
                }
                samples.add(b.build());
                Thread.sleep(300);
            }
        } finally {
            if (child != null) {
                child.destroy();
            }
        }
        return samples;
    }

    @Test
    void aHostSentInDeltasServesWhatItsWholeSamplesServe() throws Exception {
        List<Sample> samples = realSamples(6);
        try (Hub hub = Hub.start(ACK_EACH);
                Stream whole = new Stream(hub, "whole");
                Stream deltas = new Stream(hub, "deltas")) {
            TestHttp http = new TestHttp(hub.port());
            Sample before = null;
            for (Sample s : samples) {
                whole.send(s);
                Sample d = SampleDeltas.encode(before, s);
                deltas.send(d != null ? d : s);
                before = s;
                assertTrue(TestHttp.await(Duration.ofSeconds(15), () -> whole.acked(s.getSeq())
                        && deltas.acked(s.getSeq())), "sample " + s.getSeq() + " acknowledged on both streams");
                // the process table after each sample: a process starts after the second, ends before the last
                for (String plugin : List.of("processlist", "processcount")) {
                    assertEquals(http.get("/hosts/whole/api/4/" + plugin).json(),
                            http.get("/hosts/deltas/api/4/" + plugin).json(),
                            plugin + " after sample " + s.getSeq());
                }
            }
            assertTrue(deltas.received.get(0).getWelcome().getTakesDeltas(), "the hub says it takes deltas");
            assertEquals(5, hub.ingestService().deltaSamples(), "five samples came as deltas");
            for (String plugin : List.of("processlist", "programlist", "processcount", "cpu", "mem", "load",
                    "network", "diskio", "fs", "system", "uptime", "quicklook")) {
                JsonNode a = http.get("/hosts/whole/api/4/" + plugin).json();
                JsonNode b = http.get("/hosts/deltas/api/4/" + plugin).json();
                assertEquals(a, b, plugin + " served the same");
            }
            JsonNode history = http.get("/hosts/deltas/api/4/mem/history").json();
            assertEquals(http.get("/hosts/whole/api/4/mem/history").json(), history, "the same history");
        }
    }

    @Test
    void aDeltaThatDoesNotFitItsBaseEndsTheStreamAndTheNextStartsWhole() throws Exception {
        List<Sample> samples = realSamples(3);
        try (Hub hub = Hub.start(ACK_EACH)) {
            try (Stream s = new Stream(hub, "misfit")) {
                s.send(samples.get(0));
                // a delta against a sample this stream never carried
                s.send(SampleDeltas.encode(samples.get(1).toBuilder().setSeq(5).build(),
                        samples.get(2).toBuilder().setSeq(6).build()));
                Status status = s.ended.get(10, TimeUnit.SECONDS);
                assertEquals(Status.Code.FAILED_PRECONDITION, status.getCode(), status.toString());
                assertTrue(status.getDescription().contains("against sample 5")
                        && status.getDescription().contains("was 1"), status.getDescription());
            }
            try (Stream again = new Stream(hub, "misfit")) {
                again.send(SampleDeltas.encode(samples.get(0), samples.get(1)));
                Status status = again.ended.get(10, TimeUnit.SECONDS);
                assertEquals(Status.Code.FAILED_PRECONDITION, status.getCode(), "a stream's first sample is whole");
                assertTrue(status.getDescription().contains("no sample came before"), status.getDescription());
            }
            try (Stream again = new Stream(hub, "misfit")) {
                again.send(samples.get(1));
                again.send(SampleDeltas.encode(samples.get(1), samples.get(2)));
                assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> again.acked(3)), "whole, then a delta");
            }
            assertEquals(3, hub.registry().find("misfit").orElseThrow().lastSeq());
        }
    }

    @Test
    void aRealAgentStreamsDeltasAndANewProcessArrivesWithItsCommandLine() throws Exception {
        try (Hub hub = Hub.start(HubSettings.loopback())) {
            Agent agent = TestHttp.startAgent(hub, "delta-agent", Duration.ofMillis(250));
            java.lang.Process child = null;
            try {
                assertTrue(TestHttp.await(Duration.ofSeconds(20), () -> hub.ingestService().deltaSamples() >= 3),
                        "the agent sends deltas once its stream is up");
                child = new ProcessBuilder("sleep", "61").start();
                long pid = child.pid();
                TestHttp http = new TestHttp(hub.port());
                assertTrue(TestHttp.await(Duration.ofSeconds(20), () -> {
                    try {
                        for (JsonNode p : http.get("/hosts/delta-agent/api/4/processlist").json()) {
                            if (p.path("pid").asLong() == pid) {
                                return p.path("cmdline").toString().equals("[\"sleep\",\"61\"]");
                            }
                        }
                        return false;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }), "a process started while deltas flow is served with its command line");
                child.destroy();
                child.waitFor(5, TimeUnit.SECONDS);
                assertTrue(TestHttp.await(Duration.ofSeconds(20), () -> {
                    try {
                        for (JsonNode p : http.get("/hosts/delta-agent/api/4/processlist").json()) {
                            if (p.path("pid").asLong() == pid) {
                                return false;
                            }
                        }
                        return true;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }), "and it is gone once it ended");
            } finally {
                if (child != null) {
                    child.destroy();
                }
                agent.close();
            }
        }
    }
}
