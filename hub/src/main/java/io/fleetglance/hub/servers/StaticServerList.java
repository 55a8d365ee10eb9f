package io.fleetglance.hub.servers;

import io.fleetglance.common.config.GlancesConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the static server list of {@code [serverlist]} as Glances' {@code GlancesStaticServer} does: entries 1..255,
 * skipped without a name or when the name does not resolve. Only {@code protocol=rest} servers are kept: the hub
 * speaks no XML-RPC, so {@code rpc} entries (Glances' default protocol) are skipped with a note.
 */
public final class StaticServerList {

    private static final Logger log = LoggerFactory.getLogger(StaticServerList.class);
    static final int MAX_SERVERS = 255;
    static final String DEFAULT_REST_PORT = "61208";
    /** A host name or an IPv4/IPv6 address: nothing that could carry credentials or a path. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private StaticServerList() {
    }

    /** The REST servers of {@code [serverlist]}, in configuration order. */
    public static List<StaticServer> read(GlancesConfig config) {
        List<StaticServer> out = new ArrayList<>();
        for (int i = 1; i <= MAX_SERVERS; i++) {
            String prefix = "server_" + i + "_";
            String name = config.get("serverlist", prefix + "name").map(String::strip).orElse("");
            if (name.isEmpty()) {
                continue;
            }
            String protocol = config.get("serverlist", prefix + "protocol").map(String::strip)
                    .orElse("rpc").toLowerCase(Locale.ROOT);
            if (!HOST.matcher(name).matches()) {
                // The value is not echoed: a URL here may carry a password.
                log.warn("[serverlist] {}name is not a host name or address; entry skipped", prefix);
                continue;
            }
            if (!protocol.equals("rest")) {
                log.info("[serverlist] {}name={}: protocol '{}' is not polled by the hub (only rest is); entry "
                        + "skipped", prefix, name, protocol);
                continue;
            }
            String port = config.get("serverlist", prefix + "port").map(String::strip).orElse(DEFAULT_REST_PORT);
            if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                log.warn("[serverlist] {}port={} is not a port number (1..65535); entry skipped", prefix, port);
                continue;
            }
            String alias = config.get("serverlist", prefix + "alias").map(String::strip)
                    .filter(a -> !a.isEmpty()).orElse(null);
            String ip;
            try {
                ip = InetAddress.getByName(name).getHostAddress();
            } catch (UnknownHostException e) {
                log.warn("[serverlist] {}name={} does not resolve; entry skipped", prefix, name);
                continue;
            }
            out.add(new StaticServer(name, port, alias, ip));
        }
        return out;
    }
}
