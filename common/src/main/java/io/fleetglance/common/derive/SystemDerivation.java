package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.proto.OsFacts;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/** The {@code system} plugin: what the host is, and Glances' human-readable one-line name for it. */
public final class SystemDerivation implements PluginDerivation {

    private final CopiedFields copied;

    public SystemDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, OsFacts.getDescriptor(), "linux_distro");
    }

    @Override
    public String plugin() {
        return "system";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasSystem()) {
            return Optional.empty();
        }
        OsFacts os = sample.getSystem().getOs();
        boolean linux = "Linux".equals(os.getOsName());
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        stats.put("os_name", os.getOsName());
        stats.put("hostname", os.getHostname());
        stats.put("platform", os.getPlatform());
        stats.put("os_version", os.getOsVersion());
        if (linux) {
            stats.put("linux_distro", os.getLinuxDistro());
            stats.put("hr_name", os.getLinuxDistro() + " " + os.getPlatform() + " / " + os.getOsName() + " "
                    + os.getOsVersion());
        } else {
            stats.put("hr_name", os.getOsName() + " " + os.getOsVersion() + " " + os.getPlatform());
        }
        return Optional.of(copied.complete(stats, os));
    }
}
