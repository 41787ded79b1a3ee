package org.kabambe.api;

import static org.kabambe.api.QueryParams.count;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import org.kabambe.contact.ContactPages;
import org.kabambe.contact.ParsedNumber;
import org.kabambe.export.Pseudonyms;

/**
 * {@code GET /api/contacts} (viewer): the contacts a page at a time, named by pseudonym only; and
 * {@code POST /api/contacts/forget} (admin): erasure on the running server.
 */
final class ContactRoutes {
  private static final int PAGE = 100;

  private final ContactPages contacts;
  private final Pseudonyms pseudonyms;
  private volatile Forgetting forgetting;

  ContactRoutes(ContactPages contacts, Pseudonyms pseudonyms) {
    this.contacts = contacts;
    this.pseudonyms = pseudonyms;
  }

  void mount(ApiRouter api) {
    api.get("/api/contacts", Role.VIEWER, (ctx, c) -> page(count(ctx, "page", 1)));
    api.postBodies("/api/contacts/forget", 65_536);
    api.route(HttpMethod.POST, "/api/contacts/forget", Role.ADMIN, this::forget);
  }

  /** Enables {@code POST /api/contacts/forget} (the server sets it once its caches exist). */
  void forgetWith(Forgetting forgetting) {
    this.forgetting = forgetting;
  }

  private JsonObject page(int page) throws SQLException {
    ContactPages.Page found = contacts.page(page, PAGE);
    var list = new JsonArray();
    for (ContactPages.Row r : found.rows()) {
      list.add(new JsonObject().put("participant", pseudonyms.of(r.phone())).put("language", r.language())
          .put("opted_out", r.optedOut()).put("first_seen", time(r.firstSeen())).put("last_seen", time(r.lastSeen())));
    }
    return new JsonObject().put("page", page).put("page_size", PAGE).put("total", found.total()).put("contacts", list);
  }

  /** A nullable timestamp as JSON: null for an imported contact not seen yet. */
  private static String time(Optional<Instant> at) {
    return at.map(Object::toString).orElse(null);
  }

  /**
   * {@code POST /api/contacts/forget} {"phones": ["+254712000111", ...]}: every number is checked first (one that
   * is not a number forgets nothing), then each is forgotten in its own transaction. The answer names pseudonyms only.
   */
  private JsonObject forget(RoutingContext ctx, Caller caller) {
    Forgetting f = forgetting;
    if (f == null) throw new IllegalStateException("erasure is not set up on this server");
    JsonArray phones;
    try {
      phones = ctx.body().asJsonObject().getJsonArray("phones");
    } catch (RuntimeException e) {
      phones = null;
    }
    if (phones == null || phones.isEmpty()) {
      throw new IllegalArgumentException("send a JSON body like {\"phones\": [\"+254712000111\"]}");
    }
    var e164 = new ArrayList<String>();
    for (Object raw : phones) {
      var parsed = f.parse(raw instanceof String s ? s : String.valueOf(raw));
      if (parsed instanceof ParsedNumber.Invalid bad) {
        throw new IllegalArgumentException("nothing was forgotten: " + bad.reason());
      }
      e164.add(((ParsedNumber.Valid) parsed).e164());
    }
    var done = new JsonArray();
    for (String phone : e164) {
      var outcome = f.forget(phone, "token:" + caller.name());
      done.add(new JsonObject().put("participant", outcome.pseudonym()).put("rows", outcome.rows()));
    }
    return new JsonObject().put("forgotten", done);
  }
}
