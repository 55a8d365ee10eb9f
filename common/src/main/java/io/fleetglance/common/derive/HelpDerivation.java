package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code help} plugin's raw stats, which are null in Glances ({@code /all} shows {@code "help": null}); the
 * {@code /help} route answers {@link HelpData} instead.
 */
public final class HelpDerivation implements PluginDerivation {

    @Override
    public String plugin() {
        return "help";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        return Optional.of(NullNode.getInstance());
    }
}
