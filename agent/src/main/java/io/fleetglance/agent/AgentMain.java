package io.fleetglance.agent;

import picocli.CommandLine;

/** Entry point of the agent's own jar: {@code java -jar fleetglance-agent-all.jar --hub HOST:PORT}. */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new AgentCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("fleetglance agent: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 2;
        });
        System.exit(cli.execute(args));
    }
}
