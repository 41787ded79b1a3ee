package org.kabambe.simulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.InboundSms;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.connectors.sms.TextCost;
import org.kabambe.connectors.ussd.UssdReply;
import org.kabambe.flow.Flow;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Conversation;
import org.kabambe.runtime.NavLabels;
import org.kabambe.runtime.UssdBudget;
import org.kabambe.runtime.UssdRenderer;
import org.kabambe.ussd.UssdSession;
import org.kabambe.ussd.UssdSessionCodec;
import org.kabambe.sms.SmsService;
import org.kabambe.conversation.ConversationStore;
import org.kabambe.store.HopHistory;
import org.kabambe.store.OutboxRow;

/**
 * A participant's phone on a {@link LocalServer}: USSD hops go through a gateway's wire format over HTTP, SMS
 * through the SMS service as a provider hands them over, so what it shows is what a participant would get.
 * Each {@link Shown} is read from the reply and from what the server stored (conversation, queued SMS).
 */
public final class SimulatedPhone {
  private final LocalServer server;
  private final Channel channel;
  private final String phone;
  private final WirePhone ussd;
  private int outboxSeen;

  /** A phone on {@code channel}; over USSD its gateway speaks {@code gateway}'s wire format. */
  public SimulatedPhone(LocalServer server, Channel channel, String phone, GatewayWire gateway) {
    this.server = server;
    this.channel = channel;
    this.phone = LocalServer.key(phone);
    this.ussd = new WirePhone(server.port(), gateway, phone);
    this.outboxSeen = new HopHistory(server.server().database()).outboxOf(this.phone).size();
  }

  /** Dials a USSD string (a service code, possibly with pre-filled inputs: *384*12*1#): a new session. */
  public Shown dial(String dialled) {
    return shownUssd(ussd.dial(dialled));
  }

  /** Starts a flow as its participant would: over USSD its first code, over SMS its first keyword. */
  public Shown begin(String flowId) {
    Flow f = server.catalog().flow(flowId).orElseThrow(() -> new IllegalArgumentException("no flow '" + flowId + "'"));
    if (channel == Channel.USSD) {
      return dial(f.triggers().ussd().stream().findFirst().orElseThrow(() -> new IllegalArgumentException(
          "flow '" + flowId + "' has no USSD code to dial (triggers: ussd:); try --channel sms")).value());
    }
    return send(f.triggers().keywords().stream().findFirst().orElseThrow(() -> new IllegalArgumentException(
        "flow '" + flowId + "' has no SMS keyword to start it (triggers: keywords:); try --channel ussd")).value());
  }

  /** Sends an input: over USSD it answers the screen on display; over SMS it is an inbound message. */
  public Shown send(String input) {
    if (channel == Channel.USSD) return shownUssd(ussd.send(input));
    server.server().inboundSms(new InboundSms("simulator", phone, "kabambe", input, "", server.clock().instant()))
        .toCompletableFuture().join();
    List<String> messages = newOutbox();
    String all = String.join("\n\n", messages);
    TextCost cost = SmsEncoding.cost(all);
    Optional<Conversation> c = stored(Channel.SMS).flatMap(SmsService::conversationIn);
    // Over SMS every message the step sent is what the participant receives: screen and queued SMS alike.
    return shown(all, messages, c.map(Conversation::ended).orElse(true), c, messages, cost.encoding(), cost.units(),
        cost.encoding() == Encoding.GSM7 ? 160 : 70, 0, 1);
  }

  private Shown shownUssd(UssdReply reply) {
    Optional<UssdSession> session = stored(Channel.USSD).map(UssdSessionCodec::decode);
    Optional<Conversation> c = session.flatMap(UssdSession::conversation);
    Encoding encoding = SmsEncoding.encodingOf(reply.text());
    int units = encoding == Encoding.GSM7 ? SmsEncoding.septets(reply.text()) : reply.text().length();
    UssdBudget budget = UssdBudget.forGateway(server.budget(ussd.wire()));
    int page = 0;
    int pages = 1;
    if (c.isPresent() && !session.get().resumeOffered() && session.get().lastReply().equals(reply.text())) {
      page = c.get().page();
      pages = new UssdRenderer(budget).pageCount(c.get().prompt(),
          NavLabels.of(server.catalog().navigation(), c.get().language()));
    }
    return shown(reply.text(), List.of(reply.text()), reply.end(), c, newOutbox(), encoding, units,
        budget.limit(encoding), page, pages);
  }

  private Shown shown(String screen, List<String> messages, boolean closes, Optional<Conversation> c,
                      List<String> queued, Encoding encoding, int units, int budget, int page, int pages) {
    return new Shown(screen, messages, closes, c.map(Conversation::flowId).orElse(""),
        c.map(Conversation::nodeId).orElse(""), c.map(x -> x.current().answers()).orElse(Map.of()), queued, encoding,
        units, budget, page, pages, server.takeVisits(phone));
  }

  private Optional<byte[]> stored(Channel ch) {
    return new ConversationStore(server.server().database()).loadState(phone, ch.id());
  }

  /** The SMS queued for this number since the last step, oldest first. */
  private List<String> newOutbox() {
    List<OutboxRow> all = new HopHistory(server.server().database()).outboxOf(phone);
    List<String> fresh = all.subList(Math.min(outboxSeen, all.size()), all.size()).stream().map(OutboxRow::text)
        .toList();
    outboxSeen = all.size();
    return fresh;
  }
}
