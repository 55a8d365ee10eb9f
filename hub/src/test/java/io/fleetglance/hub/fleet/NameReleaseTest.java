package io.fleetglance.hub.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Command;
import io.fleetglance.proto.Hello;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Forgetting a host (DELETE /hosts/{name}) releases its name too, as `fleetglance hub release` does. */
class NameReleaseTest {

    /** A stream the test can end. */
    private static final class Link implements AgentLink {
        final AtomicBoolean live = new AtomicBoolean(true);

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
    }

    private static Hello hello(String id, String credential) {
        return Hello.newBuilder().setHostName("web-1").setAgentId(id).setCredential(credential).build();
    }

    @Test
    void aForgottenHostsNameGoesToTheNextAgentThatEnrollsIt() throws Exception {
        NameBindings bindings = NameBindings.inMemory();
        HostRegistry registry = new HostRegistry(PluginCatalogue.glances(), GlancesConfig.shipped(), 10,
                Clock.systemUTC(), null, Integer.MAX_VALUE, bindings);
        Link first = new Link();
        registry.attach(hello("id-first-0001", "secret-of-the-first-agent"), first, true);
        first.close("the agent stopped");

        NameConflictException refused = assertThrows(NameConflictException.class,
                () -> registry.attach(hello("id-second-001", "secret-of-the-second-agent"), new Link(), true));
        assertEquals(NameConflictException.Reason.BOUND_TO_ANOTHER, refused.reason(), "bound while remembered");

        assertEquals(HostRegistry.Forget.FORGOTTEN, registry.forget("web-1"));

        Host taken = registry.attach(hello("id-second-001", "secret-of-the-second-agent"), new Link(), true);
        assertEquals("id-second-001", taken.agentId());
        assertEquals(CredentialHash.of("secret-of-the-second-agent"), bindings.credential("web-1").orElseThrow());
    }
}
