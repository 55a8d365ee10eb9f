package io.fleetglance.common.derive;

import io.fleetglance.common.config.GlancesConfig;
import java.util.List;

/** {@code glances.conf} contents written inline for derive tests. */
final class Configs {

    private Configs() {
    }

    /** The configuration these lines make, as if read from a file. */
    static GlancesConfig of(String... lines) {
        return GlancesConfig.parse("test.conf", List.of(lines));
    }
}
