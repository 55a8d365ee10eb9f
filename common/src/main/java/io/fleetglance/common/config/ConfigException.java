package io.fleetglance.common.config;

/** A configuration file that cannot be used, with the file, line and key at fault. */
public final class ConfigException extends RuntimeException {

    private final String source;
    private final int line;
    private final String key;

    public ConfigException(String source, int line, String key, String problem) {
        super(source + ":" + line + (key == null ? "" : " (key '" + key + "')") + ": " + problem);
        this.source = source;
        this.line = line;
        this.key = key;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    /** The key at fault, or null when the line has none. */
    public String key() {
        return key;
    }
}
