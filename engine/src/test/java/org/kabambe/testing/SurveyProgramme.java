package org.kabambe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.kabambe.cli.Main;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;

/**
 * A small programme for export and erasure tests: a one-question survey (agree, then a free-text comment) dialled
 * on {@link #CODE}, contact fields with a pii name and a district, contacts imported through the CLI, and a server
 * over them that participants dial over Africa's Talking.
 */
public final class SurveyProgramme {
  public static final String CODE = "*384*77#";
  public static final String SURVEY = """
      flow: survey
      title: Survey
      languages: [en]
      start: agree
      triggers: {ussd: ["*384*77#"]}
      nodes:
        agree:
          menu:
            text: {en: "May we ask you one thing?"}
            save: agree
            options:
              - {label: {en: "Yes"}, goto: comment}
              - {label: {en: "No"}, goto: bye}
        comment:
          ask:
            text: {en: "Any comment?"}
            expect: text
            invalid: {en: "Type a comment"}
            save: comment
            next: bye
        bye:
          end:
            text: {en: "Thank you!"}
      """;
  public static final String FIELDS = "fields:\n  name: {type: text, pii: true}\n  district: {type: text}\n";

  private SurveyProgramme() {}

  /** {@code dir/flows} holding the contact fields and, if {@code withSurvey}, the survey. */
  public static Path flows(Path dir, boolean withSurvey) throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    if (withSurvey) Files.writeString(flows.resolve("survey.yaml"), SURVEY);
    Files.writeString(flows.resolve("fields.yaml"), FIELDS);
    return flows;
  }

  /** {@code dir/flows} holding the survey and the contact fields. */
  public static Path flows(Path dir) throws Exception {
    return flows(dir, true);
  }

  /** Imports {@code csv} (a header line, then contacts) with {@code kabambe contacts import}; it must succeed. */
  public static void importContacts(Path dir, String db, Path flows, String csv) throws Exception {
    Path people = Files.writeString(dir.resolve("people.csv"), csv);
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "contacts", "import",
        people.toString(), "--db", db, "--flows", flows.toString());
    assertEquals(Main.OK, exit, out + "\n" + err);
  }

  /** A server on a free port over {@code flows} and {@code db}; the caller closes it. */
  public static KabambeServer serve(Path flows, String db) throws Exception {
    return KabambeServer.start(new ServeOptions("127.0.0.1", ApiClient.freePort(), flows, db, Optional.empty()));
  }

  /** One session of {@code phone} on the survey, over Africa's Talking: each text is a hop (every input so far). */
  public static void dial(KabambeServer server, String session, String phone, String... texts) throws Exception {
    var api = new ApiClient(server, "");
    for (String text : texts) api.africasTalking(session, phone, CODE, text);
  }
}
