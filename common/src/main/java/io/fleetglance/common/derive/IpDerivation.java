package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.IpReading;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code ip} plugin: the private IPv4 address of the interface the agent picked (as Glances: the last one that is
 * up, not {@code lo}, with an IPv4 address), its mask and prefix length. Glances declares {@code gateway} but never
 * fills it, so it is not served here either (the agent still reads it, for the ports plugin's gateway check). Without
 * an address the stats are {@code {}}. The public address is not looked up (Glances ships with it disabled).
 */
public final class IpDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public IpDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, IpReading.getDescriptor(), "gateway");
    }

    @Override
    public String plugin() {
        return "ip";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasIp()) {
            return Optional.empty();
        }
        IpReading ip = sample.getIp();
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        if (ip.getAddress().isEmpty()) {
            return Optional.of(stats);
        }
        stats.put("address", ip.getAddress());
        stats.put("mask", ip.getMask());
        stats.set("mask_cidr", JsonNumbers.integer(Integer.toUnsignedLong(ip.getMaskCidr())));
        return Optional.of(copied.complete(stats, ip));
    }
}
