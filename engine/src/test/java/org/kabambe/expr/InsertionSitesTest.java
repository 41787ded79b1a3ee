package org.kabambe.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kabambe.expr.ExprFixtures.bindings;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;

/** What a participant types lands in a webhook request as a value, whatever it contains. */
class InsertionSitesTest {
  private static final SourcePos AT = new SourcePos("flow.yaml", 3, 10);
  private static final String TRAVERSAL = "../../admin?role=admin#";
  private static final String JSON_BREAKOUT = "x\",\"admin\":true,\"y\":\"z";

  private static Template parsed(String raw) {
    return Template.parse(raw, AT, new Diagnostics());
  }

  private static Bindings answer(Object value) {
    return bindings(Map.of("q", value), Map.of(), Map.of());
  }

  @Test
  void aPathSegmentCannotClimbOrStartAQuery() {
    Template url = InsertionSites.url(parsed("https://example.org/lookup/{{ answers.q }}"));
    assertEquals("https://example.org/lookup/..%2F..%2Fadmin%3Frole%3Dadmin%23", url.render(answer(TRAVERSAL)));
    assertEquals("https://example.org/lookup/%2E%2E", url.render(answer("..")));
    assertEquals("https://example.org/lookup/Kibera%20South", url.render(answer("Kibera South")));
    assertEquals("https://example.org/lookup/Bouak%C3%A9", url.render(answer("Bouaké")));
  }

  @Test
  void aQueryValueCannotAddParameters() {
    Template url = InsertionSites.url(parsed("https://example.org/find?district={{ answers.q }}&lang=en"));
    assertEquals("https://example.org/find?district=a%26role%3Dadmin%20x&lang=en", url.render(answer("a&role=admin x")));
  }

  @Test
  void jsonStringsStayStringsAndBareInsertionsBecomeJsonValues() {
    Template body = InsertionSites.body(parsed("{\"q\": \"{{ answers.q }}\", \"n\": {{ answers.q }}}"), Map.of());
    JsonObject parsed = new JsonObject(body.render(answer(JSON_BREAKOUT)));
    assertEquals(JSON_BREAKOUT, parsed.getString("q"));
    assertEquals(JSON_BREAKOUT, parsed.getString("n"));
    assertEquals(2, parsed.size());
    assertEquals("{\"q\": \"17\", \"n\": 17}", body.render(answer(17.0)));
    assertEquals("{\"q\": \"yes\", \"n\": true}", body.render(answer(true)));
    assertEquals("{\"q\": \"\", \"n\": null}", body.render(ExprFixtures.empty()));
    assertEquals("{\"q\": \"line\\nbreak \\\\ \\\"\"", InsertionSites.body(parsed("{\"q\": \"{{ answers.q }}\""),
        Map.of()).render(answer("line\nbreak \\ \"")));
  }

  @Test
  void aQuoteEscapedInTheLiteralTextDoesNotEndTheString() {
    Template body = InsertionSites.body(parsed("{\"q\": \"say \\\"{{ answers.q }}\\\"\"}"), Map.of());
    assertEquals("say \"a\"b\"", new JsonObject(body.render(answer("a\"b"))).getString("q"));
  }

  @Test
  void formsAndHeadersAreEncodedForTheirPlace() {
    Template form = InsertionSites.body(parsed("district={{ answers.q }}&lang=en"),
        Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertEquals("district=a%26admin%3D1+x&lang=en", form.render(answer("a&admin=1 x")));
    Template header = InsertionSites.header(parsed("Bearer {{ answers.q }}"));
    assertEquals("Bearer x  X-Admin: yes", header.render(answer("x\r\nX-Admin: yes")));
  }

  @Test
  void plainTextBodiesAndRawInsertionsAreWrittenAsTheyAre() {
    Template text = InsertionSites.body(parsed("answer: {{ answers.q }}"), Map.of("content-type", "text/plain"));
    assertEquals("answer: a&b \"c\"", text.render(answer("a&b \"c\"")));
    Template url = InsertionSites.url(parsed("{{ answers.q | raw }}/lookup/{{ answers.q }}"));
    assertEquals("https://x.org/lookup/https%3A%2F%2Fx.org", url.render(answer("https://x.org")));
  }
}
