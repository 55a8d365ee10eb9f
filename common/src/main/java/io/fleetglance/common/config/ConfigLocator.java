package io.fleetglance.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the {@code glances.conf} to use, in Glances' order: the file given with {@code -C}, then
 * {@code $XDG_CONFIG_HOME/glances/glances.conf} (default {@code ~/.config/glances/glances.conf}), then
 * {@code /etc/glances/glances.conf}. The first file found is used whole; when none is found the shipped
 * {@code glances.conf} is used, as Glances falls back to the copy pip installs.
 */
public final class ConfigLocator {

    private static final String FILE_NAME = "glances.conf";

    private final Path userHome;
    private final Optional<Path> xdgConfigHome;
    private final Path systemDir;

    /**
     * @param userHome      the user's home directory ({@code ~})
     * @param xdgConfigHome the value of {@code XDG_CONFIG_HOME}, when set and not blank
     * @param systemDir     the system configuration directory ({@code /etc} on Linux)
     */
    public ConfigLocator(Path userHome, Optional<Path> xdgConfigHome, Path systemDir) {
        this.userHome = userHome;
        this.xdgConfigHome = xdgConfigHome;
        this.systemDir = systemDir;
    }

    /** The candidate files, most important first. */
    public List<Path> candidates(Optional<Path> commandLineFile) {
        List<Path> paths = new ArrayList<>();
        commandLineFile.ifPresent(paths::add);
        paths.add(xdgConfigHome.orElse(userHome.resolve(".config")).resolve("glances").resolve(FILE_NAME));
        paths.add(systemDir.resolve("glances").resolve(FILE_NAME));
        return paths;
    }

    /**
     * Loads and validates the first candidate that exists, or the shipped configuration when none does.
     *
     * @throws ConfigException when the file given with {@code -C} does not exist (Glances would silently move on
     *                         to the next candidate; a hub serving a fleet should not), or when the file found is
     *                         malformed
     * @throws IOException     when the file found cannot be read
     */
    public GlancesConfig load(Optional<Path> commandLineFile) throws IOException {
        if (commandLineFile.isPresent() && !Files.isRegularFile(commandLineFile.get())) {
            throw new ConfigException(commandLineFile.get().toString(), 0, null,
                    "the configuration file given with -C does not exist");
        }
        for (Path candidate : candidates(commandLineFile)) {
            if (Files.isRegularFile(candidate)) {
                return GlancesConfig.load(candidate).validate();
            }
        }
        return GlancesConfig.shipped();
    }
}
