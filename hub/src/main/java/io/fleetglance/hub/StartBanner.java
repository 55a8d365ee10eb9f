package io.fleetglance.hub;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the hub says once it serves: the addresses of its fleet page, its API and its ingest, and a warning when its
 * API is open to the network without a password.
 */
record StartBanner(String bind, int port, int ingestPort, String urlPrefix, boolean passwordSet, boolean https) {

    /** The lines to print, in order; warnings start with "WARNING". */
    List<String> lines() {
        String base = (https ? "https://" : "http://") + urlHost() + ":" + port + urlPrefix;
        List<String> lines = new ArrayList<>();
        lines.add("Fleet page:  " + base + "/");
        lines.add("Glances API: " + base + "/api/4 (this machine), " + base + "/hosts/{name}/api/4 (any host)");
        lines.add("API docs:    " + base + "/docs");
        lines.add("Agents:      --hub " + urlHost() + ":" + ingestPort);
        if (!loopback() && !passwordSet) {
            lines.add("WARNING: the API listens on " + bind + " without a password: anyone who can reach port " + port
                    + " reads every host's processes, command lines and configuration. Use --password, or "
                    + "--bind 127.0.0.1 to serve this machine only.");
        }
        return lines;
    }

    private boolean wildcard() {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
    }

    boolean loopback() {
        if (wildcard()) {
            return false;
        }
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (IOException e) {
            return bind.equals("localhost");
        }
    }

    /** A name a browser can use: this machine's name for a wildcard bind, else the bound address. */
    private String urlHost() {
        if (wildcard()) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }
}
