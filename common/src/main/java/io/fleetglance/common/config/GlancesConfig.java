package io.fleetglance.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code glances.conf} file: INI sections of {@code key=value} lines, read as Glances reads them. Keys and values
 * are kept as strings, in file order; typed getters say which file, line and key is wrong when a value does not fit.
 * Instances are immutable: {@link #withGlancesDefaults(int)} returns a new configuration.
 */
public final class GlancesConfig {

    /** The line number given to keys that no file wrote (built-in defaults). */
    public static final int BUILT_IN = 0;

    private static final String SHIPPED_RESOURCE = "glances.conf";
    private static final Pattern SECRET_KEY = Pattern.compile("password|token|secret|api_key|apikey|ssl_keyfile",
            Pattern.CASE_INSENSITIVE);
    private static final String MASK = "********";

    private final String source;
    private final Map<String, Map<String, Entry>> sections;

    private record Entry(String value, int line) {
    }

    private GlancesConfig(String source, Map<String, Map<String, Entry>> sections) {
        this.source = source;
        this.sections = sections;
    }

    /** No file: only the keys {@link #withGlancesDefaults(int)} adds will exist. */
    public static GlancesConfig empty() {
        return new GlancesConfig("(built-in defaults)", new LinkedHashMap<>());
    }

    /**
     * The {@code glances.conf} shipped with Glances 4.5, used when no file is found (Glances falls back to the copy
     * pip installs under {@code share/doc/glances}).
     */
    public static GlancesConfig shipped() {
        try (InputStream in = GlancesConfig.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped glances.conf resource is missing from the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return parse("(shipped glances.conf)", Arrays.asList(text.split("\\R", -1))).validate();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped glances.conf", e);
        }
    }

    /** Reads and parses a file; its values are not validated (see {@link #validate()}). */
    public static GlancesConfig load(Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses the lines of a file named {@code source} as Python's {@code configparser} does (keys lower-cased,
     * {@code =} or {@code :} separators, {@code #}/{@code ;} comment lines, indented continuation lines, no duplicate
     * section or key); a malformed line fails with its file and line number.
     */
    public static GlancesConfig parse(String source, List<String> lines) {
        Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
        Map<String, Entry> current = null;
        String lastKey = null;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String raw = lines.get(i);
            if (i == 0 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1);
            }
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
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
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

    /**
     * Checks the values Glances reads as numbers or booleans: thresholds, refresh periods, sizes and event settings
     * must be numbers, flags must be booleans. The first bad value fails with its file, line and key.
     *
     * @return this configuration, for chaining
     */
    public GlancesConfig validate() {
        sections.forEach((section, keys) -> keys.forEach((key, entry) -> {
            if (entry.line() != BUILT_IN) {
                ConfigRules.check(source, section, key, entry.value(), entry.line());
            }
        }));
        return this;
    }

    /**
     * This configuration with the keys Glances' {@code Config.sections_set_default()} adds where they are missing,
     * appended after the file's keys. The I/O wait and context switch defaults depend on the CPU count of the host
     * the configuration applies to.
     *
     * @param logicalCpus the host's logical CPU count (Glances' {@code multiprocessing.cpu_count()})
     */
    public GlancesConfig withGlancesDefaults(int logicalCpus) {
        Map<String, Map<String, Entry>> copy = deepCopy();
        ConfigDefaults.apply(logicalCpus, (section, key, value) -> {
            Map<String, Entry> keys = copy.computeIfAbsent(section, s -> new LinkedHashMap<>());
            keys.putIfAbsent(key, new Entry(value, BUILT_IN));
        });
        return new GlancesConfig(source, copy);
    }

    /** This configuration with one key set (added at the end of its section, or replaced in place). */
    public GlancesConfig with(String section, String key, String value) {
        Map<String, Map<String, Entry>> copy = deepCopy();
        copy.computeIfAbsent(section, s -> new LinkedHashMap<>())
                .put(key.toLowerCase(Locale.ROOT), new Entry(value, BUILT_IN));
        return new GlancesConfig(source, copy);
    }

    private Map<String, Map<String, Entry>> deepCopy() {
        Map<String, Map<String, Entry>> copy = new LinkedHashMap<>();
        sections.forEach((name, keys) -> copy.put(name, new LinkedHashMap<>(keys)));
        return copy;
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
        Entry e = entry(section, key);
        return e == null ? Optional.empty() : Optional.of(e.value());
    }

    /** The line that set the key, {@link #BUILT_IN} for a default, empty when the key is absent. */
    public Optional<Integer> line(String section, String key) {
        Entry e = entry(section, key);
        return e == null ? Optional.empty() : Optional.of(e.line());
    }

    private Entry entry(String section, String key) {
        Map<String, Entry> s = sections.get(section);
        return s == null ? null : s.get(key);
    }

    /** A number, or {@code fallback} when the key is absent; a value that is not a number fails with its line. */
    public double getDouble(String section, String key, double fallback) {
        Entry e = entry(section, key);
        if (e == null) {
            return fallback;
        }
        return PythonNumbers.parseFloat(e.value()).orElseThrow(() -> new ConfigException(source, e.line(), key,
                "[" + section + "] " + key + "=" + e.value() + " is not a number"));
    }

    /** A whole number, or {@code fallback} when the key is absent; anything else fails with its line. */
    public int getInt(String section, String key, int fallback) {
        Entry e = entry(section, key);
        if (e == null) {
            return fallback;
        }
        return PythonNumbers.parseInt(e.value()).orElseThrow(() -> new ConfigException(source, e.line(), key,
                "[" + section + "] " + key + "=" + e.value() + " is not a whole number"));
    }

    /** A boolean written as Glances accepts it (true/false, yes/no, on/off, 1/0), or {@code fallback}. */
    public boolean getBoolean(String section, String key, boolean fallback) {
        Entry e = entry(section, key);
        if (e == null) {
            return fallback;
        }
        return ConfigRules.parseBoolean(e.value()).orElseThrow(() -> new ConfigException(source, e.line(), key,
                "[" + section + "] " + key + "=" + e.value() + " is not a boolean (true or false)"));
    }

    /** The value split on commas (Glances' {@code get_list_value}), or empty when the key is absent. */
    public Optional<List<String>> getList(String section, String key) {
        return get(section, key).map(v -> List.of(v.split(",", -1)));
    }

    /**
     * The whole configuration as the {@code /config} route serves it with a password set: section to
     * {@code {key: string}}, in order.
     */
    public Map<String, Map<String, String>> asMap() {
        return view(false);
    }

    /**
     * The configuration as {@code /config} serves it without a password: the {@code [passwords]} section dropped and
     * the value of every key that names a secret (password, token, secret, api key, TLS key file) masked.
     */
    public Map<String, Map<String, String>> asSecureMap() {
        return view(true);
    }

    private Map<String, Map<String, String>> view(boolean secure) {
        Map<String, Map<String, String>> root = new LinkedHashMap<>();
        sections.forEach((name, keys) -> {
            if (secure && name.equals("passwords")) {
                return;
            }
            Map<String, String> section = new LinkedHashMap<>();
            keys.forEach((key, entry) -> section.put(key,
                    secure && SECRET_KEY.matcher(key).find() ? MASK : entry.value()));
            root.put(name, Collections.unmodifiableMap(section));
        });
        return Collections.unmodifiableMap(root);
    }
}
