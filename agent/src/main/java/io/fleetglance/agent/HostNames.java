package io.fleetglance.agent;

import io.fleetglance.agent.collect.HostRoot;
import io.fleetglance.common.names.HostNameSyntax;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;

/** The default name a host is served under: the machine's host name, made safe for a URL segment. */
public final class HostNames {

    private HostNames() {
    }

    public static String defaultName(HostRoot root) {
        String name = null;
        try {
            name = Files.readString(root.resolve("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException ignored) {
                name = null;
            }
        }
        if (name == null || name.isBlank()) {
            return "localhost";
        }
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "-");
        safe = safe.length() > 128 ? safe.substring(0, 128) : safe;
        return HostNameSyntax.isValid(safe) ? safe : "localhost";
    }
}
