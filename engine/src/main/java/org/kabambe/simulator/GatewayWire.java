package org.kabambe.simulator;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.kabambe.connectors.ussd.UssdReply;

/**
 * The gateway side of each USSD wire format the server speaks (see {@code connectors/ussd}): how an aggregator
 * encodes a hop as an HTTP request, and how it reads our answer back into a screen. Tools use it to put a flow
 * through the same route, parser and reply writer as a real gateway.
 */
public enum GatewayWire {
  /** Form POST; {@code text} is every input so far joined by '*'; replies {@code CON …}/{@code END …}. */
  AFRICASTALKING("africastalking") {
    @Override
    WireRequest request(Hop hop) {
      return post(FORM, form("sessionId", hop.sessionId(), "phoneNumber", hop.msisdn(), "serviceCode", hop.dialled(),
          "networkCode", "63902", "text", hop.cumulativeText()));
    }

    @Override
    UssdReply reply(Map<String, String> headers, String body) {
      if (body.startsWith("CON ")) return UssdReply.continueWith(body.substring(4));
      if (body.startsWith("END ")) return UssdReply.endWith(body.substring(4));
      throw new IllegalStateException("not an Africa's Talking reply: " + body);
    }
  },
  /** JSON POST with {@code Type} Initiation/Response; replies {@code Type} Response/Release. */
  HUBTEL("hubtel") {
    @Override
    WireRequest request(Hop hop) {
      return post(JSON, new JsonObject().put("SessionId", hop.sessionId()).put("Mobile", hop.msisdn())
          .put("Type", hop.first() ? "Initiation" : "Response").put("ServiceCode", hop.dialled())
          .put("Message", hop.first() ? hop.dialled() : hop.input()).put("Operator", "mtn")
          .put("ClientState", "").encode());
    }

    @Override
    UssdReply reply(Map<String, String> headers, String body) {
      JsonObject json = new JsonObject(body);
      return new UssdReply(json.getString("Message"), "Release".equals(json.getString("Type")));
    }
  },
  /** JSON POST with {@code MSGTYPE} true on the dial; replies {@code MSGTYPE} true to continue. */
  NALO("nalo") {
    @Override
    WireRequest request(Hop hop) {
      return post(JSON, new JsonObject().put("USERID", "kabambe").put("MSISDN", hop.msisdn())
          .put("USERDATA", hop.first() ? hop.dialled() : hop.input()).put("MSGTYPE", hop.first())
          .put("SESSIONID", hop.sessionId()).put("NETWORK", "MTN").encode());
    }

    @Override
    UssdReply reply(Map<String, String> headers, String body) {
      JsonObject json = new JsonObject(body);
      return new UssdReply(json.getString("MSG"), !json.getBoolean("MSGTYPE"));
    }
  },
  /**
   * GET; the dial is the code without '*'/'#' ({@code 384*12}), so the server must know the service code
   * ({@code gateways: flares: {service_code: …}}); replies text with header {@code Freeflow: FC}/{@code FB}.
   */
  FLARES("flares") {
    @Override
    WireRequest request(Hop hop) {
      String dial = hop.dialled().replaceFirst("^\\*", "").replaceFirst("#$", "");
      return get(form("SessionID", hop.sessionId(), "MSISDN", hop.msisdn(), "MSC", "airtel",
          "input", hop.first() ? dial : hop.input()));
    }

    @Override
    UssdReply reply(Map<String, String> headers, String body) {
      String freeflow = headers.getOrDefault("freeflow", "");
      if (!freeflow.equals("FC") && !freeflow.equals("FB")) throw new IllegalStateException("no Freeflow header");
      return new UssdReply(body, freeflow.equals("FB"));
    }
  },
  /** GET with {@code response=false} on the dial; replies {@code action} request/end. */
  DMARK("dmark") {
    @Override
    WireRequest request(Hop hop) {
      return get(form("transactionId", hop.sessionId(), "msisdn", hop.msisdn(), "ussdServiceCode",
          hop.dialled(), "ussdRequestString", hop.first() ? hop.dialled() : hop.input(),
          "response", Boolean.toString(!hop.first())));
    }

    @Override
    UssdReply reply(Map<String, String> headers, String body) {
      JsonObject json = new JsonObject(body);
      return new UssdReply(json.getString("responseString"), "end".equals(json.getString("action")));
    }
  },
  /** Our own JSON: {@code {sessionId, msisdn, serviceCode, input, new}} → {@code {text, end}}. */
  GENERIC("generic") {
    @Override
    WireRequest request(Hop hop) {
      return post(JSON, new JsonObject().put("sessionId", hop.sessionId()).put("msisdn", hop.msisdn())
          .put("serviceCode", hop.dialled()).put("input", hop.first() ? hop.dialled() : hop.input())
          .put("new", hop.first()).encode());
    }

    @Override
    UssdReply reply(Map<String, String> headers, String body) {
      JsonObject json = new JsonObject(body);
      return new UssdReply(json.getString("text"), json.getBoolean("end"));
    }
  };

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";

  private final String id;

  GatewayWire(String id) {
    this.id = id;
  }

  /** The gateway's name in {@code /ussd/<name>}. */
  public String id() {
    return id;
  }

  /** The wire format called {@code name}, if the server speaks one by that name. */
  public static Optional<GatewayWire> named(String name) {
    return Arrays.stream(values()).filter(g -> g.id.equals(name.toLowerCase(Locale.ROOT))).findFirst();
  }

  /** The names, for messages. */
  public static String names() {
    return Arrays.stream(values()).map(GatewayWire::id).collect(Collectors.joining(", "));
  }

  /**
   * One hop as the gateway knows it.
   *
   * @param dialled the string the participant dialled (with any pre-filled inputs: {@code *384*12*1#})
   * @param first whether this hop opens the session
   * @param input the participant's new input ("" on the first hop)
   * @param cumulativeText every input of the session so far joined by '*' (cumulative formats)
   */
  record Hop(String sessionId, String msisdn, String dialled, boolean first, String input, String cumulativeText) {}

  /** An HTTP request to {@code /ussd/<id>}: {@code query} for GET formats, {@code body} for POST ones. */
  record WireRequest(String method, String query, String contentType, String body) {}

  abstract WireRequest request(Hop hop);

  /** The screen in a 200 answer; {@code headers} keyed in lower case. */
  abstract UssdReply reply(Map<String, String> headers, String body);

  private static WireRequest post(String contentType, String body) {
    return new WireRequest("POST", "", contentType, body);
  }

  private static WireRequest get(String query) {
    return new WireRequest("GET", query, "", "");
  }

  private static String form(String... kv) {
    var sb = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      if (sb.length() > 0) sb.append('&');
      sb.append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }
}
