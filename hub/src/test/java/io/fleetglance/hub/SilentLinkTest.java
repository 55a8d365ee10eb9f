package io.fleetglance.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.agent.Agent;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A link that goes silent without closing, as a cut cable or a dead router does: no FIN, no RST, just nothing. The
 * agent notices through its keepalive ping, keeps sampling, reconnects once the link is back, and every sample
 * arrives once and in order.
 */
class SilentLinkTest {

    @Test
    void anAgentNoticesASilentLinkAndLosesNothing() throws Exception {
        List<Long> seqs = new CopyOnWriteArrayList<>();
        try (Hub hub = Hub.start(HubSettings.loopback()); TestRelay relay = new TestRelay(hub.ingestPort())) {
            hub.registry().addSampleListener((h, s) -> seqs.add(s.getSeq()));
            AgentSettings settings = AgentSettings.of("127.0.0.1", relay.port(), TestAgents.trust(hub.settings()),
                    "far-away", "id-far-away-01")
                    .withPeriod(Duration.ofMillis(150))
                    .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
                    .withKeepAlive(Duration.ofMillis(300), Duration.ofMillis(300));
            CollectorSet collectors = CollectorSet.standard(HostRoot.system());
            Agent agent = new Agent(settings, collectors.all(), collectors.processes());
            agent.start();
            try {
                assertTrue(TestAgents.await(Duration.ofSeconds(15), () -> seqs.size() >= 5 && agent.connected()),
                        "samples flow through the link");
                relay.silence();
                long atCut = agent.sampler().nextSeq() - 1;
                assertTrue(TestAgents.await(Duration.ofSeconds(10), () -> !agent.connected()),
                        "the agent notices a link that says nothing");
                assertTrue(TestAgents.await(Duration.ofSeconds(10),
                        () -> agent.sampler().nextSeq() - 1 >= atCut + 8), "and keeps sampling");
                relay.restore();
                long atRestore = agent.sampler().nextSeq() - 1;
                assertTrue(TestAgents.await(Duration.ofSeconds(15), () -> agent.connected() && !seqs.isEmpty()
                        && seqs.get(seqs.size() - 1) >= atRestore + 3), "the hub caught up: " + seqs);

                List<Long> got = new ArrayList<>(seqs);
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(i + 1, got.get(i), "every seq once, in order: " + got);
                }
                assertEquals(0, agent.outbox().dropped());
            } finally {
                agent.close();
            }
        }
    }
}
