package io.fleetglance.hub.fleet;

import io.fleetglance.proto.Command;
import io.fleetglance.proto.Hello;
import java.util.concurrent.atomic.AtomicBoolean;

/** Hosts attached to a registry without a stream behind them, for tests and benchmarks of what the hub does. */
public final class TestHosts {

    private TestHosts() {
    }

    /** A link that stays live on loopback and takes every command. */
    public static AgentLink liveLink() {
        return new AgentLink() {
            @Override
            public boolean live() {
                return true;
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1";
            }

            @Override
            public boolean send(Command command) {
                return true;
            }

            @Override
            public void close(String reason) {
            }
        };
    }

    /** A link that stays live until it is closed, as the stream of an agent that then went away. */
    public static AgentLink cuttableLink() {
        AtomicBoolean live = new AtomicBoolean(true);
        return new AgentLink() {
            @Override
            public boolean live() {
                return live.get();
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1";
            }

            @Override
            public boolean send(Command command) {
                return live.get();
            }

            @Override
            public void close(String reason) {
                live.set(false);
            }
        };
    }

    /** Attaches host {@code name} (agent id {@code id-<name>}) to {@code registry} over a {@link #liveLink()}. */
    public static Host attach(HostRegistry registry, String name) throws NameConflictException, FleetFullException {
        return registry.attach(Hello.newBuilder().setHostName(name).setAgentId("id-" + name).build(), liveLink());
    }
}
