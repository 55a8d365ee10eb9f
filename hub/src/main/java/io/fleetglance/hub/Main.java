package io.fleetglance.hub;

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

    /**
     * The command line with Fleetglance's error handling: a bad option or file is one clear line naming it (the
     * agent's style), exit code 2; the full usage only with {@code --help}.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("fleetglance " + cmd.getCommandName() + ": " + lowerFirst(e.getMessage())
                    + " (see --help)");
            cmd.getErr().flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("fleetglance " + cmd.getCommandName() + ": " + StartupErrors.describe(e));
            cmd.getErr().flush();
            return 2;
        });
        return cli;
    }

    private static String lowerFirst(String s) {
        return s == null || s.isEmpty() ? "invalid arguments" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
