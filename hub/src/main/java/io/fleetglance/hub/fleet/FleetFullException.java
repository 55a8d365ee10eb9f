package io.fleetglance.hub.fleet;

/** A new host name was refused because the hub already holds its maximum of hosts ({@code [fleet] max_hosts}). */
public final class FleetFullException extends Exception {

    public FleetFullException(int maxHosts) {
        super("the hub already holds its maximum of " + maxHosts + " hosts ([fleet] max_hosts): no new host is "
                + "accepted; hosts it knows still reconnect");
    }
}
