package io.fleetglance.hub.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.Hello;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Forgetting a host (DELETE /hosts/{name}) releases its name too, as `fleetglance hub release` does. */
class NameReleaseTest {


    private static Hello hello(String id, String credential) {
        return Hello.newBuilder().setHostName("web-1").setAgentId(id).setCredential(credential).build();
    }

    @Test
    void aForgottenHostsNameGoesToTheNextAgentThatEnrollsIt() throws Exception {
        NameBindings bindings = NameBindings.inMemory();
        HostRegistry registry = new HostRegistry(GlancesPlugins.catalogue(), GlancesConfig.shipped(), 10,
                Clock.systemUTC(), null, Integer.MAX_VALUE, bindings);
        AgentLink first = TestHosts.cuttableLink();
        registry.attach(hello("id-first-0001", "secret-of-the-first-agent"), first, true);
        first.close("the agent stopped");

        NameConflictException refused = assertThrows(NameConflictException.class,
                () -> registry.attach(hello("id-second-001", "secret-of-the-second-agent"),
                        TestHosts.cuttableLink(), true));
        assertEquals(NameConflictException.Reason.BOUND_TO_ANOTHER, refused.reason(), "bound while remembered");

        assertEquals(HostRegistry.Forget.FORGOTTEN, registry.forget("web-1"));

        Host taken = registry.attach(hello("id-second-001", "secret-of-the-second-agent"),
                TestHosts.cuttableLink(), true);
        assertEquals("id-second-001", taken.agentId());
        assertEquals(CredentialHash.of("secret-of-the-second-agent"), bindings.credential("web-1").orElseThrow());
    }
}
