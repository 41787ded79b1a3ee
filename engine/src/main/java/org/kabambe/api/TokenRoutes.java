package org.kabambe.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/** {@code POST /api/tokens} and {@code DELETE /api/tokens/:id} (admin): API tokens created and revoked, audited. */
final class TokenRoutes {
  private final ApiTokens tokens;

  TokenRoutes(ApiTokens tokens) {
    this.tokens = tokens;
  }

  void mount(ApiRouter api) {
    api.postBodies("/api/tokens", 4_096);
    api.route(HttpMethod.POST, "/api/tokens", Role.ADMIN, this::create);
    api.route(HttpMethod.DELETE, "/api/tokens/:id", Role.ADMIN, this::revoke);
  }

  /** {"role": "viewer", "name": "...", "expires": "90d"}: the token is in this answer only (stored hashed). */
  private JsonObject create(RoutingContext ctx, Caller caller) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("send a JSON body: {\"role\": \"viewer\", \"name\": \"...\", "
          + "\"expires\": \"90d\"}");
    }
    if (body == null) throw new IllegalArgumentException("send a JSON body with role and name");
    Role role = Role.parse(body.getString("role", ""));
    String name = body.getString("name", "").strip();
    if (name.isEmpty()) throw new IllegalArgumentException("name is required (who or what uses the token)");
    Optional<Duration> expires = Optional.ofNullable(body.getString("expires")).map(ApiTokens::parseValidity);
    var created = tokens.create(role, name, expires, "token:" + caller.name());
    return new JsonObject().put("id", created.id()).put("token", created.token()).put("role", role.label())
        .put("name", name).put("expires", created.expires().map(Object::toString).orElse(null));
  }

  private JsonObject revoke(RoutingContext ctx, Caller caller) {
    long id = PathParams.numericId(ctx, "token");
    if (!tokens.revoke(id, "token:" + caller.name())) throw new NotFound("no active token " + id);
    return new JsonObject().put("revoked", id);
  }
}
