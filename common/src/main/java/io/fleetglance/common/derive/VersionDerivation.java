package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code version} plugin: the Glances version whose API Fleetglance serves, {@value HostDeriver#GLANCES_VERSION},
 * for every host. Glances clients read this string as the server's Glances version (its client mode and browser
 * compare the major version); the agent's own version is no Glances version, so it is served as
 * {@code psutilversion} instead, the other half of Glances' "Glances X with psutil Y".
 */
public final class VersionDerivation implements PluginDerivation {

    @Override
    public String plugin() {
        return "version";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        return Optional.of(TextNode.valueOf(HostDeriver.GLANCES_VERSION));
    }
}
