package io.fleetglance.hub.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.events.EventChange.Transition;
import io.fleetglance.hub.fleet.EventListener;
import io.fleetglance.hub.fleet.Host;
import java.util.Locale;

/** Turns a host's event transitions into webhook documents: host, transition, the event, the message, a link. */
public final class WebhookEvents implements EventListener {

    private final WebhookNotifier notifier;
    private final String linkBase;

    public WebhookEvents(WebhookNotifier notifier, String linkBase) {
        this.notifier = notifier;
        this.linkBase = linkBase.endsWith("/") ? linkBase.substring(0, linkBase.length() - 1) : linkBase;
    }

    @Override
    public void onEvent(Host host, Transition transition, JsonNode event, String globalMessage) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("host", host.name());
        doc.put("transition", transition.name().toLowerCase(Locale.ROOT));
        doc.set("event", event);
        doc.put("global_msg", globalMessage);
        doc.put("link", linkBase + "/hosts/" + host.name() + "/api/4/alert");
        notifier.send(doc);
    }
}
