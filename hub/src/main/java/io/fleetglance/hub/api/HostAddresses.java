package io.fleetglance.hub.api;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.names.HostNameSyntax;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Per-host addresses for clients that cannot take a path prefix (Home Assistant's {@code glances-api} builds
 * {@code http://host:port/api/4} and nothing else): a host's API at the root of a name-based virtual host
 * ({@code [fleet] host_domain}: {@code web-1.<host_domain>}) and on a port of its own ({@code [fleet] host_ports =
 * web-1:61301, db-1:61302}, bound on the REST API's address).
 *
 * @param hostDomain the domain under which {@code <host>.<domain>} names a host, lower case; empty for none
 * @param ports      host name by dedicated port, in the order configured
 */
public record HostAddresses(String hostDomain, Map<Integer, String> ports) {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    public HostAddresses {
        ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }

    /** Reads {@code [fleet] host_domain} and {@code host_ports}; a malformed value names the key and the fix. */
    public static HostAddresses from(GlancesConfig config) {
        String domain = config.get("fleet", "host_domain").orElse("").trim().toLowerCase(Locale.ROOT);
        while (domain.startsWith(".")) {
            domain = domain.substring(1);
        }
        if (!domain.isEmpty() && !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException(config.source() + ": [fleet] host_domain=" + domain
                    + " is not a domain name (e.g. fleet.example.org)");
        }
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (String entry : config.getList("fleet", "host_ports").orElse(List.of())) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.lastIndexOf(':');
            String name = colon > 0 ? e.substring(0, colon).trim() : "";
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(e.substring(colon + 1).trim()) : -1;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            if (!HostNameSyntax.isValid(name) || port < 1 || port > 65535) {
                throw new IllegalArgumentException(config.source() + ": [fleet] host_ports entry '" + e
                        + "' is not NAME:PORT (e.g. web-1:61301)");
            }
            if (ports.put(port, name) != null) {
                throw new IllegalArgumentException(config.source() + ": [fleet] host_ports gives port " + port
                        + " twice");
            }
        }
        return new HostAddresses(domain, ports);
    }

    public static HostAddresses none() {
        return new HostAddresses("", Map.of());
    }

    /** The host a {@code Host:} name designates under {@link #hostDomain()}, if any. */
    public Optional<String> hostOf(String authority) {
        if (hostDomain.isEmpty() || authority == null) {
            return Optional.empty();
        }
        String host = authority.toLowerCase(Locale.ROOT);
        String suffix = "." + hostDomain;
        if (!host.endsWith(suffix)) {
            return Optional.empty();
        }
        String name = host.substring(0, host.length() - suffix.length());
        return HostNameSyntax.isValid(name) ? Optional.of(name) : Optional.empty();
    }
}
