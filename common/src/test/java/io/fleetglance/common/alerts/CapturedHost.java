package io.fleetglance.common.alerts;

import io.fleetglance.common.config.GlancesConfig;

/** The configuration of the Glances server the samples were captured on: the stock file, two keys changed. */
final class CapturedHost {

    private CapturedHost() {
    }

    static GlancesConfig config() {
        return GlancesConfig.shipped()
                .with("global", "check_update", "false")
                .with("ports", "port_default_gateway", "False");
    }

    /** The effective configuration of that 2-CPU machine. */
    static GlancesConfig effective() {
        return config().withGlancesDefaults(2);
    }
}
