package io.fleetglance.hub;

import io.fleetglance.agent.Agent;
import io.fleetglance.agent.AgentSettings;
import io.fleetglance.agent.collect.CollectorSet;
import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.agent.tls.HubTrust;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Starts real agents on this machine's /proc against a hub on loopback, and waits for conditions. */
final class TestAgents {

    private TestAgents() {
    }

    static Agent start(Hub hub, String name, String id, Duration period) {
        return start(hub.settings(), hub.ingestPort(), name, id, period, "");
    }

    /** How an agent trusts a hub of {@code settings}: by the hub's CA over TLS, or plaintext for an insecure hub. */
    static HubTrust trust(HubSettings settings) {
        return settings.tls() == null ? HubTrust.insecure()
                : HubTrust.authorities(List.of(settings.tls().authority()), "the test hub's CA");
    }

    /**
     * Starts an agent for a hub of {@code settings} on {@code ingestPort} (which may not listen yet). Its credential
     * follows from its id, so an agent started again with the same id keeps its name.
     */
    static Agent start(HubSettings hub, int ingestPort, String name, String id, Duration period, String token) {
        AgentSettings settings = AgentSettings.of("127.0.0.1", ingestPort, trust(hub), name, id)
                .withCredential("test-credential-of-" + id)
                .withPeriod(period)
                .withToken(token)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400));
        CollectorSet collectors = CollectorSet.standard(HostRoot.system());
        Agent agent = new Agent(settings, collectors.all(), collectors.processes());
        agent.start();
        return agent;
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; false on timeout. */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
