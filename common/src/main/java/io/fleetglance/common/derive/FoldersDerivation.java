package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Folder;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code folders} plugin, in the key order of Glances' folder list: {@code indice}, {@code path},
 * {@code refresh} (whole seconds), the {@code careful}/{@code warning}/{@code critical} thresholds in MB (strings, as
 * Glances passes the configured text on, or null), then {@code key}, {@code size} (bytes) and {@code errno}.
 */
public final class FoldersDerivation implements PluginDerivation {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final boolean disabled;
    private final CopiedFields copied;

    public FoldersDerivation(PluginSpec spec, GlancesConfig config) {
        copied = CopiedFields.of(spec, Folder.getDescriptor());
        this.disabled = PluginSwitch.isDisabled(config, "folders");
    }

    @Override
    public String plugin() {
        return "folders";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (disabled || !sample.hasFolders()) {
            return Optional.empty();
        }
        ArrayNode stats = JSON.arrayNode();
        for (Folder folder : sample.getFolders().getFoldersList()) {
            ObjectNode f = stats.addObject();
            f.put("indice", folder.getIndice());
            f.put("path", folder.getPath());
            f.set("refresh", JsonNumbers.integer((long) folder.getRefresh()));
            putThreshold(f, "careful", folder.hasCareful(), folder.getCareful());
            putThreshold(f, "warning", folder.hasWarning(), folder.getWarning());
            putThreshold(f, "critical", folder.hasCritical(), folder.getCritical());
            f.put("key", "path");
            f.set("size", JsonNumbers.integer(folder.getSize()));
            f.put("errno", folder.getErrno());
            copied.complete(f, folder);
        }
        return Optional.of(stats);
    }

    private static void putThreshold(ObjectNode folder, String field, boolean present, double megabytes) {
        if (!present) {
            folder.putNull(field);
        } else if (megabytes == Math.rint(megabytes) && Math.abs(megabytes) < 1e15) {
            folder.put(field, Long.toString((long) megabytes));
        } else {
            folder.put(field, Double.toString(megabytes));
        }
    }
}
