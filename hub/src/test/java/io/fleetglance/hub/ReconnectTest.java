package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.agent.Agent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The hub's ingest dies mid-stream and a new hub takes its port: the agent loses nothing and repeats nothing. */
class ReconnectTest {

    @Test
    void everySampleTakenWhileTheHubWasDownArrivesOnceAndInOrder() throws Exception {
        List<Long> first = new CopyOnWriteArrayList<>();
        List<Long> second = new CopyOnWriteArrayList<>();
        Hub hub1 = Hub.start(HubSettings.loopback());
        hub1.registry().addSampleListener((h, s) -> first.add(s.getSeq()));
        int port = hub1.ingestPort();
        Agent agent = TestAgents.start(hub1, "roamer", "id-roamer-001", Duration.ofMillis(150));
        Hub hub2 = null;
        try {
            assertTrue(TestAgents.await(Duration.ofSeconds(15), () -> first.size() >= 5), "hub 1 got 5 samples");
            hub1.close();
            long sampledAtKill = agent.sampler().nextSeq() - 1;
            // the agent keeps sampling while no hub listens
            assertTrue(TestAgents.await(Duration.ofSeconds(10), () -> agent.sampler().nextSeq() - 1 >= sampledAtKill + 8));
            // hub 2 listens from its first sample: the agent may reach it before Hub.start returns
            // a restarted hub: the same certificate (from its state directory) and the same name bindings
            hub2 = Hub.start(hub1.settings().withIngestPort(port), List.of((h, s) -> second.add(s.getSeq())));
            long sampledAtRestart = agent.sampler().nextSeq() - 1;
            assertTrue(TestAgents.await(Duration.ofSeconds(15), () -> !second.isEmpty()
                    && second.get(second.size() - 1) >= sampledAtRestart + 3), "hub 2 caught up: " + second);

            List<Long> got = new ArrayList<>(second);
            for (int i = 1; i < got.size(); i++) {
                assertEquals(got.get(i - 1) + 1, got.get(i), "hub 2 got each seq once, in order: " + got);
            }
            long lastOfFirst = first.get(first.size() - 1);
            assertTrue(got.get(0) <= lastOfFirst + 1, "no gap between the hubs: hub 1 ended at " + lastOfFirst
                    + ", hub 2 began at " + got.get(0));
            for (int i = 1; i < first.size(); i++) {
                assertEquals(first.get(i - 1) + 1, first.get(i), "hub 1 got each seq once, in order: " + first);
            }
            assertEquals(1L, first.get(0));
            assertEquals(0, agent.outbox().dropped());
            // and the new hub serves the host
            TestHttp.Answer cpu = new TestHttp(hub2.port()).get("/hosts/roamer/api/4/cpu");
            assertEquals(200, cpu.status());
        } finally {
            agent.close();
            if (hub2 != null) {
                hub2.close();
            }
        }
    }
}
