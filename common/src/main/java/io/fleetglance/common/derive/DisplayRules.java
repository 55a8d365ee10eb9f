package io.fleetglance.common.derive;

import io.fleetglance.common.config.GlancesConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which items of a list plugin are shown, and under which alias, as a {@code glances.conf} section says: Glances'
 * {@code is_display}, {@code is_display_any} and {@code has_alias}.
 *
 * <ul>
 *   <li>{@code show} and {@code hide} are comma-separated regular expressions, matched case-insensitively against the
 *       whole name or against its alias. A non-empty {@code show} list wins: only what it matches is shown.</li>
 *   <li>Aliases come from {@code alias=name:alias,name2:alias2} (Glances 4; {@code \:} escapes a colon) and from the
 *       older per-item keys {@code <name>_alias=alias}. Names are looked up in lower case.</li>
 * </ul>
 *
 * <p>A key absent from the section takes the value of Glances' shipped {@code glances.conf} (for example
 * {@code [network] hide=docker.*,lo}); write {@code hide=} to hide nothing. Entries are trimmed and empty ones are
 * ignored. A regular expression that does not compile is matched as a literal name rather than failing the host.
 */
final class DisplayRules {

    private static final Pattern UNESCAPED_COLON = Pattern.compile("(?<!\\\\):");

    private final List<Pattern> show;
    private final List<Pattern> hide;
    private final Map<String, String> aliases;

    private DisplayRules(List<Pattern> show, List<Pattern> hide, Map<String, String> aliases) {
        this.show = show;
        this.hide = hide;
        this.aliases = aliases;
    }

    /** The rules of {@code [section]}; {@code shippedHide} is the shipped {@code hide} value used when none is set. */
    static DisplayRules of(GlancesConfig config, String section, String shippedHide) {
        List<Pattern> show = patterns(config.get(section, "show").orElse(""));
        List<Pattern> hide = patterns(config.get(section, "hide").orElse(shippedHide));
        Map<String, String> aliases = new HashMap<>();
        config.section(section).forEach((key, value) -> {
            if (key.endsWith("_alias") && key.length() > "_alias".length()) {
                aliases.put(key.substring(0, key.length() - "_alias".length()), value);
            }
        });
        // The Glances 4 list wins over the older per-item keys.
        config.get(section, "alias").ifPresent(list -> {
            for (String entry : list.split(",")) {
                String[] parts = UNESCAPED_COLON.split(entry, -1);
                if (parts.length >= 2) {
                    aliases.put(unescape(parts[0]).strip().toLowerCase(Locale.ROOT), unescape(parts[1]));
                }
            }
        });
        return new DisplayRules(show, hide, Map.copyOf(aliases));
    }

    /** Whether an item named {@code name} is shown. */
    boolean shows(String name) {
        return showsAny(name);
    }

    /**
     * Whether an item known by several names (a file system by its mount point and its device) is shown: with a
     * {@code show} list, when any name matches it; otherwise unless any name matches {@code hide}.
     */
    boolean showsAny(String... names) {
        if (!show.isEmpty()) {
            for (String name : names) {
                if (matches(show, name)) {
                    return true;
                }
            }
            return false;
        }
        for (String name : names) {
            if (matches(hide, name)) {
                return false;
            }
        }
        return true;
    }

    /** The configured alias of {@code name}, if any. */
    Optional<String> alias(String name) {
        return Optional.ofNullable(aliases.get(name.toLowerCase(Locale.ROOT)));
    }

    private boolean matches(List<Pattern> patterns, String name) {
        Optional<String> alias = alias(name);
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches() || alias.map(a -> pattern.matcher(a).matches()).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> patterns(String list) {
        List<Pattern> patterns = new ArrayList<>();
        for (String entry : list.split(",")) {
            String regex = entry.strip();
            if (regex.isEmpty()) {
                continue;
            }
            try {
                patterns.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                patterns.add(Pattern.compile(Pattern.quote(regex), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            }
        }
        return List.copyOf(patterns);
    }

    private static String unescape(String text) {
        return text.replace("\\:", ":");
    }
}
