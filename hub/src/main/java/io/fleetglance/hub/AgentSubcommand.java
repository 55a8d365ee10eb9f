package io.fleetglance.hub;

import io.fleetglance.agent.AgentCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code fleetglance agent ...} from the hub's jar: the agent's own command line, every argument passed as is. */
@Command(name = "agent", description = "Runs an agent that streams this machine to a hub (see agent --help).")
final class AgentSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return AgentCommand.run(args, System.getenv(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
