package org.kabambe.connectors.ussd;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.kabambe.connectors.http.BadFieldException;
import org.kabambe.connectors.http.FormFields;

/** What an adapter makes of a request: a hop for the engine, or a problem to answer the gateway with. */
public sealed interface ParseResult {

  /**
   * A well-formed hop.
   *
   * @param request the neutral record for the engine
   * @param echo wire values the reply must repeat (Nalo's USERID, Hubtel's ClientState), by field name
   */
  record Parsed(UssdRequest request, Map<String, String> echo) implements ParseResult {
    public Parsed {
      Objects.requireNonNull(request, "request");
      echo = Map.copyOf(echo);
    }

    /** A hop whose reply repeats nothing. */
    public Parsed(UssdRequest request) {
      this(request, Map.of());
    }

    /** The echoed field, or "" when the gateway did not send it. */
    public String echoed(String field) {
      return echo.getOrDefault(field, "");
    }
  }

  /**
   * A request the adapter cannot turn into a hop.
   *
   * @param status the HTTP status to answer with (400 for missing or malformed fields)
   * @param message a sentence naming the field, e.g. {@code missing field 'phoneNumber'}
   */
  record Problem(int status, String message) implements ParseResult {
    public Problem {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Runs a parse that reads fields with {@link FormFields} or {@link JsonFields}, turning a bad field into a 400. */
  static ParseResult attempt(Supplier<Parsed> parse) {
    try {
      return parse.get();
    } catch (BadFieldException e) {
      return new Problem(400, e.getMessage());
    }
  }
}
