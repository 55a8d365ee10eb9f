package io.fleetglance.hub.fleet;

import io.fleetglance.proto.Command;

/** The fleet's view of a connected agent's stream: enough to send it commands and to know whether it lives. */
public interface AgentLink {

    /** Whether the stream is still open. */
    boolean live();

    /** The agent's address as the hub sees it, e.g. {@code 127.0.0.1}. */
    String remoteAddress();

    /** Sends a command down the stream; false when the stream is gone. */
    boolean send(Command command);

    /** Ends the stream, telling the agent why. */
    void close(String reason);
}
