package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.PortCheck;
import io.fleetglance.proto.Sample;
import java.util.Optional;

/**
 * The {@code ports} plugin: the agent's latest check results in Glances' shapes. A port's {@code status} is
 * {@code null} until its first check, then {@code false} (closed or timed out) or the round trip in seconds; a web
 * page's is its HTTP status code, or {@code "Error"}. Glances keeps the key order of its own dicts, which differs
 * between the default gateway, the other ports and the web pages; it adds {@code "key"} to an element once the
 * element has been checked. A configured port number is a string in Glances (it reads it as written), the
 * gateway's port the integer 0; {@code refresh} and {@code timeout} are whole seconds.
 */
public final class PortsDerivation implements PluginDerivation {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final boolean disabled;
    private final CopiedFields copied;

    public PortsDerivation(PluginSpec spec, GlancesConfig config) {
        copied = CopiedFields.of(spec, PortCheck.getDescriptor(), "host", "port");
        this.disabled = PluginSwitch.isDisabled(config, "ports");
    }

    @Override
    public String plugin() {
        return "ports";
    }

    @Override
    public Optional<JsonNode> derive(Sample sample) {
        if (disabled || !sample.hasPorts()) {
            return Optional.empty();
        }
        ArrayNode stats = JSON.arrayNode();
        for (PortCheck check : sample.getPorts().getChecksList()) {
            stats.add(copied.complete(check.getUrl().isEmpty() ? port(check) : web(check), check));
        }
        return Optional.of(stats);
    }

    private static ObjectNode port(PortCheck check) {
        ObjectNode p = JSON.objectNode();
        if (check.getHost().isEmpty()) {
            p.putNull("host");
        } else {
            p.put("host", check.getHost());
        }
        boolean gateway = check.getIndice().equals("port_0");
        if (gateway || check.getPort() == 0) {
            p.put("port", 0);
        } else {
            p.put("port", Integer.toString(check.getPort()));
        }
        p.put("description", check.getDescription());
        if (gateway) {
            putTimes(p, check);
            p.set("status", portStatus(check));
        } else {
            p.set("status", portStatus(check));
            putTimes(p, check);
        }
        putRttWarning(p, check);
        p.put("indice", check.getIndice());
        putKey(p, check);
        return p;
    }

    private static ObjectNode web(PortCheck check) {
        ObjectNode w = JSON.objectNode();
        w.put("url", check.getUrl());
        w.put("description", check.getDescription());
        switch (check.getStatus()) {
            case HTTP -> {
                w.put("status", check.getHttpCode());
                w.put("elapsed", check.getElapsed());
            }
            case HTTP_ERROR -> {
                w.put("status", "Error");
                w.put("elapsed", 0);
            }
            default -> {
                w.putNull("status");
                w.put("elapsed", 0);
            }
        }
        putTimes(w, check);
        putRttWarning(w, check);
        w.put("indice", check.getIndice());
        w.put("ssl_verify", check.getSslVerify());
        w.putNull("proxies");
        putKey(w, check);
        return w;
    }

    private static JsonNode portStatus(PortCheck check) {
        return switch (check.getStatus()) {
            case OPEN -> JSON.numberNode(check.getRttSeconds());
            case CLOSED -> JSON.booleanNode(false);
            default -> JSON.nullNode();
        };
    }

    private static void putTimes(ObjectNode element, PortCheck check) {
        element.set("refresh", JsonNumbers.integer((long) check.getRefresh()));
        element.set("timeout", JsonNumbers.integer((long) check.getTimeout()));
    }

    private static void putRttWarning(ObjectNode element, PortCheck check) {
        if (check.hasRttWarning()) {
            element.put("rtt_warning", check.getRttWarning());
        } else {
            element.putNull("rtt_warning");
        }
    }

    private static void putKey(ObjectNode element, PortCheck check) {
        if (check.getStatus() != PortCheck.Status.STATUS_UNSPECIFIED) {
            element.put("key", "indice");
        }
    }
}
