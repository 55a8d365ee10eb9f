package io.fleetglance.common.derive;

import io.fleetglance.common.config.GlancesConfig;
import java.util.Locale;

/** Whether {@code glances.conf} switches a plugin off with {@code [<plugin>] disable=True}. */
final class PluginSwitch {

    private PluginSwitch() {
    }

    /** True when the plugin's section says {@code disable} is true (true, yes, on or 1, any case). */
    static boolean isDisabled(GlancesConfig config, String plugin) {
        return config.get(plugin, "disable").map(v -> switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            default -> false;
        }).orElse(false);
    }
}
