package io.fleetglance.hub.servers;

import io.fleetglance.common.config.GlancesConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code plugin:field[:key]} column of {@code [serverlist] columns}: a statistic the fleet browser shows for every
 * server, named {@code <plugin>_<field>[_<key>]} in the servers list as Glances names it.
 */
public record ServerColumn(String plugin, String field, String key) {

    /** Glances' {@code DEFAULT_COLUMNS}. */
    public static final String DEFAULT_COLUMNS = "system:hr_name,load:min5,cpu:total,mem:percent";

    public String name() {
        return plugin + "_" + field + (key == null ? "" : "_" + key);
    }

    /** The columns of a {@code columns=} value; entries without both a plugin and a field are left out. */
    public static List<ServerColumn> parse(String spec) {
        List<ServerColumn> out = new ArrayList<>();
        for (String c : spec.split(",")) {
            String[] p = c.trim().split(":");
            if (p.length >= 2 && !p[0].isBlank() && !p[1].isBlank()) {
                out.add(new ServerColumn(p[0].trim(), p[1].trim(), p.length > 2 ? p[2].trim() : null));
            }
        }
        return out;
    }

    /** The configured columns, or Glances' defaults. */
    public static List<ServerColumn> of(GlancesConfig config) {
        return parse(config.get("serverlist", "columns").orElse(DEFAULT_COLUMNS));
    }
}
