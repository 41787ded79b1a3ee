package org.kabambe.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.kabambe.analytics.MessageFigures;
import org.kabambe.broadcast.BroadcastSpec;
import org.kabambe.catalog.Catalog;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.campaign.CampaignMessage;
import org.kabambe.store.Database;

/**
 * The admin API's broadcast and campaign figures ({@code /api/messages...}): which there are, and for one its
 * messages by status, recipients, replies and opt-outs, per arm or step side by side. Blocking JDBC.
 */
final class MessageReports {
  private static final int LISTED = 50;

  private final Database database;
  private final Supplier<Catalog> catalog;
  private final MessageFigures figures;

  MessageReports(Database database, Supplier<Catalog> catalog) {
    this.database = database;
    this.catalog = catalog;
    this.figures = new MessageFigures(database);
  }

  /** The newest broadcasts and every loaded campaign, for the dashboard's picker. */
  JsonObject list() throws SQLException {
    var broadcasts = new JsonArray();
    try (var c = database.connection(); var s = c.prepareStatement("SELECT id, created_at, start_at, status, queued,"
        + " spec FROM broadcasts ORDER BY id DESC FETCH FIRST " + LISTED + " ROWS ONLY"); var rs = s.executeQuery()) {
      while (rs.next()) {
        broadcasts.add(broadcast(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getObject(3,
            OffsetDateTime.class), rs.getString(4), rs.getLong(5), rs.getString(6)));
      }
    }
    var campaigns = new JsonArray();
    for (Campaign k : campaigns()) {
      campaigns.add(new JsonObject().put("id", k.id()).put("title", k.title())
          .put("steps", new JsonArray(k.messages().stream().map(CampaignMessage::key).toList())));
    }
    return new JsonObject().put("broadcasts", broadcasts).put("campaigns", campaigns);
  }

  JsonObject broadcast(long id) throws SQLException {
    JsonObject about;
    try (var c = database.connection(); var s = c.prepareStatement("SELECT id, created_at, start_at, status, queued,"
        + " spec FROM broadcasts WHERE id = ?")) {
      s.setLong(1, id);
      try (var rs = s.executeQuery()) {
        if (!rs.next()) throw new NotFound("no broadcast " + id);
        about = broadcast(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getObject(3,
            OffsetDateTime.class), rs.getString(4), rs.getLong(5), rs.getString(6));
      }
    }
    MessageFigures.Report r = figures.broadcast(id);
    var out = about.put("kind", "broadcast").put("total", part(r.total())).put("parts", parts(r.parts()));
    if (about.getString("flow") != null) {
      out.put("note", "a flow broadcast starts the flow " + about.getString("flow") + " for each recipient"
          + " (queued: flows started); its messages, replies and answers are in that flow's figures");
    }
    return out;
  }

  JsonObject campaign(String id) {
    Campaign k = campaigns().stream().filter(x -> x.id().equals(id)).findFirst()
        .orElseThrow(() -> new NotFound("no campaign '" + id + "' is loaded"));
    MessageFigures.Report r = figures.campaign(id);
    List<String> order = k.messages().stream().map(CampaignMessage::key).toList();
    var parts = new ArrayList<>(r.parts());
    parts.sort(Comparator.comparingInt(p -> order.indexOf(p.name()) < 0 ? order.size() : order.indexOf(p.name())));
    return new JsonObject().put("kind", "campaign").put("id", k.id()).put("title", k.title())
        .put("steps", new JsonArray(order)).put("total", part(r.total())).put("parts", parts(parts));
  }

  private List<Campaign> campaigns() {
    return catalog.get().campaigns().values().stream()
        .sorted(Comparator.comparing(Campaign::id)).toList();
  }

  private static JsonObject broadcast(long id, OffsetDateTime created, OffsetDateTime start, String status,
                                      long queued, String specJson) {
    BroadcastSpec spec = BroadcastSpec.fromJson(new JsonObject(specJson));
    return new JsonObject().put("id", id).put("created_at", created.toInstant().toString())
        .put("start_at", start.toInstant().toString()).put("status", status).put("queued", queued)
        .put("flow", spec.flow().orElse(null))
        .put("arms", new JsonArray(spec.flow().isPresent() ? List.of() : spec.armNames().stream()
            .filter(a -> !a.isEmpty()).toList()));
  }

  private static JsonArray parts(List<MessageFigures.Part> parts) {
    return new JsonArray(parts.stream().map(MessageReports::part).toList());
  }

  private static JsonObject part(MessageFigures.Part p) {
    return new JsonObject().put("name", p.name()).put("messages", p.messages())
        .put("queued", p.byStatus().get("queued") + p.byStatus().get("submitting")).put("sent", p.sent())
        .put("delivered", p.byStatus().get("delivered")).put("failed", p.failed()).put("recipients", p.recipients())
        .put("replies", p.replies()).put("repliers", p.repliers())
        .put("reply_rate", Math.round(p.replyRate() * 10_000) / 10_000.0).put("opt_outs", p.optOuts())
        .put("by_status", new JsonObject(new LinkedHashMap<>(p.byStatus())));
  }
}
