package io.fleetglance.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code glances.conf} file: INI sections of {@code key=value} lines, read as Glances reads them. Keys and values
 * are kept as strings, in file order; typed getters say which file, line and key is wrong when a value does not fit.
 */
public final class GlancesConfig {

    private final String source;
    private final Map<String, Map<String, Entry>> sections;

    private record Entry(String value, int line) {
    }

    private GlancesConfig(String source, Map<String, Map<String, Entry>> sections) {
        this.source = source;
        this.sections = sections;
    }

    /** No file: every key takes its built-in default. */
    public static GlancesConfig empty() {
        return new GlancesConfig("(built-in defaults)", new LinkedHashMap<>());
    }

    public static GlancesConfig load(Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Parses the lines of a file named {@code source}; a malformed line fails with its file and line number. */
    public static GlancesConfig parse(String source, List<String> lines) {
        Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
        Map<String, Entry> current = null;
        String lastKey = null;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String raw = lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            boolean indented = !raw.isEmpty() && Character.isWhitespace(raw.charAt(0));
            if (indented && current != null && lastKey != null) {
                // configparser's continuation line: appended to the previous value with a newline
                Entry prev = current.get(lastKey);
                current.put(lastKey, new Entry(prev.value() + "\n" + line, prev.line()));
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new ConfigException(source, lineNo, null, "malformed section header '" + line
                            + "': expected [name]");
                }
                String name = line.substring(1, line.length() - 1).strip();
                if (sections.containsKey(name)) {
                    throw new ConfigException(source, lineNo, null, "section [" + name + "] appears twice");
                }
                current = new LinkedHashMap<>();
                sections.put(name, current);
                lastKey = null;
                continue;
            }
            int eq = indexOfSeparator(line);
            if (eq <= 0) {
                throw new ConfigException(source, lineNo, null, "expected key=value, got '" + line + "'");
            }
            if (current == null) {
                throw new ConfigException(source, lineNo, line.substring(0, eq).strip(),
                        "key outside of any [section]");
            }
            String key = line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (current.containsKey(key)) {
                throw new ConfigException(source, lineNo, key, "key appears twice in its section");
            }
            current.put(key, new Entry(value, lineNo));
            lastKey = key;
        }
        return new GlancesConfig(source, sections);
    }

    private static int indexOfSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    /** Where this configuration came from, for messages. */
    public String source() {
        return source;
    }

    public boolean hasSection(String section) {
        return sections.containsKey(section);
    }

    public List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }

    /** The section's keys and values as written, in file order; empty when the section is absent. */
    public Map<String, String> section(String section) {
        Map<String, Entry> s = sections.get(section);
        if (s == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        s.forEach((k, e) -> out.put(k, e.value()));
        return Collections.unmodifiableMap(out);
    }

    public Optional<String> get(String section, String key) {
        Map<String, Entry> s = sections.get(section);
        if (s == null) {
            return Optional.empty();
        }
        Entry e = s.get(key);
        return e == null ? Optional.empty() : Optional.of(e.value());
    }

    /** A number, or {@code fallback} when the key is absent; a value that is not a number fails with its line. */
    public double getDouble(String section, String key, double fallback) {
        Map<String, Entry> s = sections.get(section);
        Entry e = s == null ? null : s.get(key);
        if (e == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(e.value());
        } catch (NumberFormatException ex) {
            throw new ConfigException(source, e.line(), key, "[" + section + "] " + key + "=" + e.value()
                    + " is not a number");
        }
    }

    /** A boolean written as Glances accepts it (true/false, yes/no, on/off, 1/0), or {@code fallback}. */
    public boolean getBoolean(String section, String key, boolean fallback) {
        Map<String, Entry> s = sections.get(section);
        Entry e = s == null ? null : s.get(key);
        if (e == null) {
            return fallback;
        }
        return switch (e.value().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(source, e.line(), key, "[" + section + "] " + key + "=" + e.value()
                    + " is not a boolean (true or false)");
        };
    }
}
