package io.fleetglance.hub;

import io.fleetglance.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fleetglance} command line: {@code hub} (with its local agent) and {@code agent}. */
@Command(name = "fleetglance", mixinStandardHelpOptions = true, version = "fleetglance " + Hub.VERSION,
        description = "Glances for a whole fleet.",
        subcommands = {HubCommand.class, AgentSubcommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Fleetglance's error handling: a bad option or file is one clear line, exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e instanceof ConfigException || e instanceof IllegalArgumentException
                    || e instanceof io.fleetglance.hub.store.StoreException
                    ? e.getMessage() : e.toString();
            cmd.getErr().println("fleetglance " + cmd.getCommandName() + ": " + message);
            return 2;
        });
        return cli;
    }
}
