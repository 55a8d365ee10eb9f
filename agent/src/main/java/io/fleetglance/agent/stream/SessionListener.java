package io.fleetglance.agent.stream;

import io.fleetglance.proto.Command;
import io.fleetglance.proto.CommandReply;
import io.fleetglance.proto.Welcome;

/** What the agent does when the hub talks to it over the stream. */
public interface SessionListener {

    /** A session began: the hub answered Hello with Welcome. Called before any pending sample is resent. */
    void onWelcome(Welcome welcome);

    /** The hub asked for something; the reply is sent back over the stream. */
    CommandReply onCommand(Command command);
}
