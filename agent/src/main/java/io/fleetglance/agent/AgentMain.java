package io.fleetglance.agent;

import java.io.PrintWriter;
import java.util.List;

/** Entry point of the agent's own jar: {@code java -jar fleetglance-agent-all.jar --hub HOST:PORT}. */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(AgentCommand.run(List.of(args), System.getenv(), out, err));
    }
}
