package io.fleetglance.agent;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.AgentConfig;
import io.fleetglance.proto.ConfigSection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What this agent measures: the hub's configuration from Welcome, overlaid key by key by the agent's own local
 * glances.conf when it has one (the local file wins for this agent).
 */
public record EffectiveConfig(Set<String> disabledPlugins, Map<String, Map<String, String>> sections) {

    /** Before any hub spoke: the plugins the shipped glances.conf disables, then the local file. */
    public static EffectiveConfig localOnly(GlancesConfig local) {
        return overlay(disabledBy(GlancesConfig.shipped()), new LinkedHashMap<>(), local);
    }

    public static EffectiveConfig merge(AgentConfig hub, GlancesConfig local) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigSection> e : hub.getSectionsMap().entrySet()) {
            sections.put(e.getKey(), new LinkedHashMap<>(e.getValue().getEntriesMap()));
        }
        return overlay(new HashSet<>(hub.getDisabledPluginsList()), sections, local);
    }

    private static EffectiveConfig overlay(Set<String> disabled, Map<String, Map<String, String>> sections,
            GlancesConfig local) {
        for (String name : local.sectionNames()) {
            sections.computeIfAbsent(name, k -> new LinkedHashMap<>()).putAll(local.section(name));
            if (local.get(name, "disable").isPresent()) {
                if (local.getBoolean(name, "disable", false)) {
                    disabled.add(name);
                } else {
                    disabled.remove(name);
                }
            }
        }
        Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
        sections.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
        return new EffectiveConfig(Set.copyOf(disabled), Collections.unmodifiableMap(frozen));
    }

    /** The sections of {@code config} that say {@code disable=True}: Glances' switch for a plugin. */
    static Set<String> disabledBy(GlancesConfig config) {
        Set<String> disabled = new HashSet<>();
        for (String name : config.sectionNames()) {
            if (config.getBoolean(name, "disable", false)) {
                disabled.add(name);
            }
        }
        return disabled;
    }
}
