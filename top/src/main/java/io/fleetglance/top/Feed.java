package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What the poller last learned, handed to the screen as one immutable value: the fleet list, the shown host's stats,
 * and the problem (hub not answering, host unknown) with when it began. Stats stay after a failure, so the screen
 * keeps the last values under the banner.
 */
record Feed(JsonNode servers, HostTarget host, HostStats stats, String problem, Instant problemSince) {

    static final Feed EMPTY = new Feed(null, null, null, null, null);

    Feed withServers(JsonNode s) {
        return new Feed(s, host, stats, problem, problemSince);
    }

    Feed withStats(HostTarget h, HostStats s) {
        return new Feed(servers, h, s, problem, problemSince);
    }

    Feed ok() {
        return new Feed(servers, host, stats, null, null);
    }

    Feed failing(String message, Instant now) {
        return new Feed(servers, host, stats, message, problemSince == null ? now : problemSince);
    }

    /** The fleet status of the shown host (ONLINE, OFFLINE…), or null when the list does not name it. */
    String hostStatus() {
        if (servers == null || host == null) {
            return null;
        }
        for (JsonNode s : servers) {
            if (host.isListedAs(s)) {
                return s.path("status").asText(null);
            }
        }
        return null;
    }
}
