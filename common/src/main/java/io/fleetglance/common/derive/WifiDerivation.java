package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.WifiInterface;
import java.util.Optional;

/**
 * The {@code wifi} plugin: one element per line of {@code /proc/net/wireless}. As in Glances, {@code ssid} holds the
 * interface name (the file knows no network name) and the link quality and signal level are floats.
 */
public final class WifiDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public WifiDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, WifiInterface.getDescriptor());
    }

    @Override
    public String plugin() {
        return "wifi";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasWifi()) {
            return Optional.empty();
        }
        ArrayNode stats = JsonNodeFactory.instance.arrayNode();
        for (WifiInterface wifi : sample.getWifi().getInterfacesList()) {
            ObjectNode element = stats.addObject();
            element.put("key", "ssid");
            element.put("ssid", wifi.getName());
            element.put("quality_link", wifi.getQualityLink());
            element.put("quality_level", wifi.getQualityLevel());
            copied.complete(element, wifi);
        }
        return Optional.of(stats);
    }
}
