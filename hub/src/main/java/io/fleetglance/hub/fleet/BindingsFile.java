package io.fleetglance.hub.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host name bindings file of hubs from before the store kept them ({@code hub/host-bindings}, one
 * {@code NAME sha256:HEX} line per name): read once into the store, then renamed {@code host-bindings.imported}.
 */
public final class BindingsFile {

    private static final Logger log = LoggerFactory.getLogger(BindingsFile.class);
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9._-]{1,128}) (sha256:[0-9a-f]{64})");

    private BindingsFile() {
    }

    /**
     * Moves the bindings of {@code file}, if it exists, into {@code bindings} (a name already bound there keeps its
     * binding), then renames the file so that it is read only once. A line that is not a binding stops the import
     * before anything is moved: the file stays for the operator to fix.
     */
    public static void importInto(NameBindings bindings, Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Map<String, String> read = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            var m = LINE.matcher(line.trim());
            if (m.matches()) {
                read.put(m.group(1), m.group(2));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IOException(file + " has a line that is not 'NAME sha256:HEX': " + line);
            }
        }
        read.forEach((name, credential) -> {
            if (bindings.credential(name).isEmpty()) {
                bindings.bind(name, credential);
            }
        });
        Files.move(file, file.resolveSibling(file.getFileName() + ".imported"));
        log.info("{} host name bindings moved from {} into the store", read.size(), file);
    }
}
