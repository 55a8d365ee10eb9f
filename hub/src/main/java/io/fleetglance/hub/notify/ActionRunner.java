package io.fleetglance.hub.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.events.EventChange.Transition;
import io.fleetglance.hub.fleet.EventListener;
import io.fleetglance.hub.fleet.Host;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glances' {@code <stat>_<level>_action} commands, run ON THE HUB ONLY and only when {@code [outputs]
 * allow_actions=true}: when an event begins or escalates to a level, the command configured for that stat and level
 * runs through {@code sh -c}, with {@code {{host}}}, {{type}}, {{state}}, {{value}}, {{min}}, {{max}}, {{avg}}
 * and {@code {{begin}}} replaced. Agents never run commands.
 */
public final class ActionRunner implements EventListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);

    private final GlancesConfig config;
    private final PluginCatalogue catalogue;
    private final ExecutorService runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(100), r -> {
                Thread t = new Thread(r, "fleetglance-actions");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardOldestPolicy());

    public ActionRunner(GlancesConfig config, PluginCatalogue catalogue) {
        this.config = config;
        this.catalogue = catalogue;
    }

    /** Whether the configuration lets the hub run actions at all. */
    public static boolean allowed(GlancesConfig config) {
        return config.getBoolean("outputs", "allow_actions", false);
    }

    @Override
    public void onEvent(Host host, Transition transition, JsonNode event, String globalMessage) {
        if (transition == Transition.END) {
            return;
        }
        commandFor(event.path("type").asText(), event.path("state").asText()).ifPresent(command -> {
            String line = substitute(command, host.name(), event);
            runner.execute(() -> run(host.name(), line));
        });
    }

    /** The configured command for an event type (e.g. CPU_TOTAL) at a level (e.g. CRITICAL). */
    Optional<String> commandFor(String type, String state) {
        String lower = type.toLowerCase(Locale.ROOT);
        PluginSpec best = null;
        for (PluginSpec p : catalogue.plugins()) {
            if ((lower.equals(p.name()) || lower.startsWith(p.name() + "_"))
                    && (best == null || p.name().length() > best.name().length())) {
                best = p;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String stat = lower.length() > best.name().length() ? lower.substring(best.name().length() + 1) : "";
        String level = state.toLowerCase(Locale.ROOT);
        String key = (stat.isEmpty() ? "" : stat + "_") + level + "_action";
        return config.get(best.name(), key).filter(c -> !c.isBlank());
    }

    static String substitute(String command, String host, JsonNode event) {
        String out = command.replace("{{host}}", host);
        for (String f : List.of("type", "state", "min", "max", "avg", "begin", "end", "count")) {
            out = out.replace("{{" + f + "}}", event.path(f).asText());
        }
        return out.replace("{{value}}", event.path("max").asText());
    }

    private static void run(String host, String line) {
        try {
            Process p = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                log.warn("action for host '{}' ran over 30 s and was stopped: {}", host, line);
            } else if (p.exitValue() != 0) {
                log.warn("action for host '{}' exited {}: {}", host, p.exitValue(), line);
            }
        } catch (Exception e) {
            log.warn("action for host '{}' could not run: {}", host, e.toString());
        } 
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }

}
