package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.FileSystem;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code fs} plugin: the physical file systems (psutil's {@code disk_partitions(all=False)}), then the others
 * whose type contains one of {@code [fs] allow} (Glances' substring test) at a mount point not already listed.
 * {@code percent} is psutil's {@code used / (used + free) × 100} rounded to one decimal, so it leaves out the blocks
 * reserved for root, as {@code df} does.
 *
 * <p>{@code [fs]}: {@code hide} (shipped: <code>/boot.*,.*&#47;snap.*</code>) and {@code show} are tested against the mount
 * point and the device: hidden when either matches {@code hide}, shown when either matches {@code show}. An
 * {@code alias} of the mount point adds the {@code alias} field.
 */
public final class FsDerivation implements PluginDerivation {

    static final String SECTION = "fs";

    private DisplayRules rules;
    private List<String> allowedTypes;
    private final CopiedFields copied;

    public FsDerivation(PluginSpec spec) {
        copied = CopiedFields.of(spec, FileSystem.getDescriptor());
        configure(GlancesConfig.empty());
    }

    @Override
    public String plugin() {
        return SECTION;
    }

    @Override
    public void configure(GlancesConfig config) {
        rules = DisplayRules.of(config, SECTION, "/boot.*,.*/snap.*");
        List<String> allowed = new ArrayList<>();
        for (String type : config.get(SECTION, "allow").orElse("").split(",")) {
            if (!type.isBlank()) {
                allowed.add(type.strip());
            }
        }
        allowedTypes = List.copyOf(allowed);
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (!sample.hasFs()) {
            return Optional.empty();
        }
        List<FileSystem> listed = new ArrayList<>();
        Set<String> mountPoints = new HashSet<>();
        for (FileSystem fs : sample.getFs().getFilesystemsList()) {
            if (fs.getPhysical()) {
                listed.add(fs);
                mountPoints.add(fs.getMntPoint());
            }
        }
        for (FileSystem fs : sample.getFs().getFilesystemsList()) {
            if (!fs.getPhysical() && allowed(fs.getFsType()) && mountPoints.add(fs.getMntPoint())) {
                listed.add(fs);
            }
        }
        ArrayNode stats = JsonNodeFactory.instance.arrayNode();
        for (FileSystem fs : listed) {
            if (!rules.showsAny(fs.getMntPoint(), fs.getDeviceName())) {
                continue;
            }
            // Glances turns non-breaking spaces of mount points into plain spaces (its issue #1065).
            String mntPoint = fs.getMntPoint().replace('\u00a0', ' ');
            ObjectNode element = stats.addObject();
            element.put("device_name", fs.getDeviceName());
            element.put("fs_type", fs.getFsType());
            element.put("mnt_point", mntPoint);
            element.put("options", fs.getOptions());
            element.set("size", JsonNumbers.integer(fs.getSize()));
            element.set("used", JsonNumbers.integer(fs.getUsed()));
            element.set("free", JsonNumbers.integer(fs.getFree()));
            element.put("percent", MemDerivation.usagePercent(fs.getUsed(), fs.getUsed() + fs.getFree()));
            element.put("key", "mnt_point");
            rules.alias(mntPoint).ifPresent(alias -> element.put("alias", alias));
            copied.complete(element, fs);
        }
        return Optional.of(stats);
    }

    private boolean allowed(String fsType) {
        for (String type : allowedTypes) {
            if (fsType.contains(type)) {
                return true;
            }
        }
        return false;
    }
}
