package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code psutilversion} plugin. Glances serves the version of psutil, the library that reads the machine; here
 * the agent reads the machine and no psutil is involved, so the string names the agent and its version
 * ({@code "fleetglance-agent 0.1.0"}, or {@code "fleetglance-agent"} before its Hello is known). Claiming a psutil
 * version would be untrue; a string keeps the JSON type clients check.
 */
public final class PsutilVersionDerivation implements PluginDerivation {

    static final String AGENT = "fleetglance-agent";

    private String agentVersion = "";

    @Override
    public String plugin() {
        return "psutilversion";
    }

    void setAgentVersion(String version) {
        agentVersion = version == null ? "" : version.strip();
    }

    String agentVersion() {
        return agentVersion;
    }

    /** What reads the machine, in place of psutil's version. */
    String text() {
        return agentVersion.isEmpty() ? AGENT : AGENT + " " + agentVersion;
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        return Optional.of(TextNode.valueOf(text()));
    }
}
