package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SmartAttribute;
import io.fleetglance.proto.SmartDevice;
import java.util.Optional;

/**
 * The {@code smart} plugin, in Glances' pySMART shape: one element per disk, {@code DeviceName} = {@code "<dev>
 * <model>"} with the device name as pySMART gives it (without {@code /dev/}), then one entry per SMART attribute
 * keyed by its id ({@code "5"}, {@code "194"}...) holding {@code name, flags, raw, value, worst, threshold, type,
 * updated, when_failed}, then {@code key}. {@code type} and {@code updated} are null: the wire does not carry them.
 * {@code [smart]} {@code hide} and {@code show} are matched against {@code DeviceName}.
 */
public final class SmartDerivation implements PluginDerivation {

    static final String SECTION = "smart";

    private DisplayRules rules;
    private final CopiedFields copied;

    public SmartDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, SmartDevice.getDescriptor());
        configure(GlancesConfig.empty());
    }

    @Override
    public String plugin() {
        return SECTION;
    }

    @Override
    public void configure(GlancesConfig config) {
        rules = DisplayRules.of(config, SECTION, "");
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasSmart()) {
            return Optional.empty();
        }
        ArrayNode stats = JsonNodeFactory.instance.arrayNode();
        for (SmartDevice device : sample.getSmart().getDevicesList()) {
            String dev = device.getDeviceName().startsWith("/dev/") ? device.getDeviceName().substring(5)
                    : device.getDeviceName();
            String deviceName = dev + " " + device.getModel();
            if (!rules.shows(deviceName)) {
                continue;
            }
            ObjectNode element = stats.addObject();
            element.put("DeviceName", deviceName);
            for (SmartAttribute attribute : device.getAttributesList()) {
                ObjectNode entry = element.putObject(Integer.toUnsignedString(attribute.getId()));
                entry.put("name", attribute.getName());
                entry.put("flags", attribute.getFlags());
                entry.put("raw", attribute.getRaw());
                entry.put("value", attribute.getValue());
                entry.put("worst", attribute.getWorst());
                entry.put("threshold", attribute.getThreshold());
                entry.putNull("type");
                entry.putNull("updated");
                entry.put("when_failed", attribute.getWhenFailed());
            }
            element.put("key", "DeviceName");
            copied.complete(element, device);
        }
        return Optional.of(stats);
    }
}
