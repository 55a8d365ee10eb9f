package io.fleetglance.hub.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code [outputs] prometheus_hosts}: a comma-separated list of host names or glob patterns ({@code *} any run of
 * characters, {@code ?} one) naming the hosts {@code /metrics} exposes; empty or absent means every host.
 */
record HostPatterns(List<Pattern> patterns) {

    HostPatterns {
        patterns = List.copyOf(patterns);
    }

    static HostPatterns parse(String list) {
        List<Pattern> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String glob = part.trim();
            if (glob.isEmpty()) {
                continue;
            }
            StringBuilder regex = new StringBuilder();
            for (char ch : glob.toCharArray()) {
                switch (ch) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(ch)));
                }
            }
            out.add(Pattern.compile(regex.toString()));
        }
        return new HostPatterns(out);
    }

    boolean matches(String host) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (Pattern p : patterns) {
            if (p.matcher(host).matches()) {
                return true;
            }
        }
        return false;
    }
}
