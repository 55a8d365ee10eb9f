package io.fleetglance.hub;

import io.fleetglance.agent.AgentSettings;
import io.fleetglance.hub.fleet.BindingsFile;
import io.fleetglance.hub.fleet.NameBindings;
import io.fleetglance.hub.store.PostgresStore;
import io.fleetglance.hub.store.SqliteStore;
import io.fleetglance.hub.tls.HubIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleetglance hub release NAME}: frees a host name for the next agent that enrolls it. */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Frees a host name bound to an agent's credential, e.g. after that agent lost its state "
                + "directory: the next agent that enrolls with the hub's token gets the name. Works on a running "
                + "hub's state directory; a stream the name has now goes on until it ends.")
public final class HubRelease implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The host name to free.")
    String name;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The hub's state directory "
            + "(default ~/.local/state/fleetglance).")
    Path stateDir;

    @Mixin
    SharedStoreOptions sharedStore = new SharedStoreOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sharedStore.given()) {
            try (PostgresStore shared = PostgresStore.open(sharedStore.url(), sharedStore.password(),
                    Clock.systemUTC())) {
                return released(NameBindings.of(shared).release(name), shared.location());
            }
        }
        Path dir = stateDir != null ? stateDir : AgentSettings.defaultStateDir();
        Path legacy = dir.resolve("hub").resolve(HubIdentity.BINDINGS_FILE);
        if (!Files.exists(dir.resolve(SqliteStore.FILE_NAME)) && !Files.exists(legacy)) {
            spec.commandLine().getErr().println("fleetglance hub release: no hub store in " + dir);
            return 1;
        }
        try (SqliteStore store = SqliteStore.open(dir, Clock.systemUTC())) {
            NameBindings bindings = NameBindings.of(store);
            // a hub that predates the store's bindings has not moved them yet
            BindingsFile.importInto(bindings, legacy);
            return released(bindings.release(name), "the store of " + dir);
        }
    }

    private int released(boolean released, String where) {
        if (released) {
            spec.commandLine().getOut().println("released host name '" + name + "': the next agent that enrolls "
                    + "with the hub's token gets it");
            return 0;
        }
        spec.commandLine().getErr().println("fleetglance hub release: host name '" + name + "' is not bound in "
                + where);
        return 1;
    }
}
