package io.fleetglance.hub.fleet;

import io.fleetglance.hub.tls.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Name bindings kept in one small file of the hub's state directory (mode 0600), one {@code NAME sha256:HEX} line per
 * name. A running hub and {@code fleetglance hub release} may both change it: each change takes a file lock, reads
 * the file afresh and replaces it whole; a lookup rereads it when it changed on disk.
 */
public final class FileNameBindings implements NameBindings {

    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9._-]{1,128}) (sha256:[0-9a-f]{64})");

    private final Path file;
    private final Path lockFile;
    private Map<String, String> names = new TreeMap<>();
    private FileTime loadedAt;
    private long loadedSize = -1;

    public FileNameBindings(Path file) throws IOException {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        Files.createDirectories(file.toAbsolutePath().getParent());
        synchronized (this) {
            reloadIfChanged();
        }
    }

    @Override
    public synchronized Optional<String> credential(String name) {
        try {
            reloadIfChanged();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the host name bindings in " + file, e);
        }
        return Optional.ofNullable(names.get(name));
    }

    @Override
    public synchronized void bind(String name, String credentialHash) {
        change(m -> m.put(name, credentialHash));
    }

    @Override
    public synchronized boolean release(String name) {
        boolean[] removed = new boolean[1];
        change(m -> removed[0] = m.remove(name) != null);
        return removed[0];
    }

    private void change(Consumer<Map<String, String>> edit) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            loadedAt = null;
            reloadIfChanged();
            Map<String, String> next = new TreeMap<>(names);
            edit.accept(next);
            StringBuilder text = new StringBuilder("# host name and the hash of the credential it is bound to\n");
            next.forEach((n, h) -> text.append(n).append(' ').append(h).append('\n'));
            StateFiles.writePrivate(file, text.toString());
            names = next;
            loadedAt = Files.getLastModifiedTime(file);
            loadedSize = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the host name bindings in " + file, e);
        }
    }

    private void reloadIfChanged() throws IOException {
        if (!Files.exists(file)) {
            names = new TreeMap<>();
            loadedAt = null;
            loadedSize = -1;
            return;
        }
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        if (modified.equals(loadedAt) && size == loadedSize) {
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
        names = read;
        loadedAt = modified;
        loadedSize = size;
    }
}
