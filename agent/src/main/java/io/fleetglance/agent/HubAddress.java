package io.fleetglance.agent;

import java.util.ArrayList;
import java.util.List;

/** A hub's ingest address as written on a command line: {@code host}, {@code host:port} or {@code [v6]:port}. */
public record HubAddress(String host, int port) {

    public static final int DEFAULT_INGEST_PORT = 61209;

    /**
     * Several hubs of one fleet, comma-separated ({@code a:61209,b:61209}), in the order an agent tries them; one
     * address is a list of one.
     */
    public static List<HubAddress> parseList(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("hub address is empty: expected HOST or HOST:PORT");
        }
        List<HubAddress> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            HubAddress a = parse(part);
            if (out.contains(a)) {
                throw new IllegalArgumentException("hub address '" + a + "' is given twice in '" + text + "'");
            }
            out.add(a);
        }
        return out;
    }

    public static HubAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("hub address is empty: expected HOST or HOST:PORT");
        }
        String s = text.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("hub address '" + text + "' has no closing ']'");
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("hub address '" + text + "': expected ':' after ']'");
                }
                port = s.substring(close + 2);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') == colon) {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            } else {
                host = s; // a bare IPv6 address or a host name
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("hub address '" + text + "' has no host");
        }
        int p = DEFAULT_INGEST_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hub address '" + text + "': port '" + port + "' is not a number");
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("hub address '" + text + "': port must be 1..65535");
            }
        }
        return new HubAddress(host, p);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
