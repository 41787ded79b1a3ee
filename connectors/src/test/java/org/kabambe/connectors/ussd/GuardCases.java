package org.kabambe.connectors.ussd;

import io.vertx.core.http.HttpMethod;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The rows every gateway table shares: who may call (404, 403), how (405, 415) and how much (413). Each row is
 * built from the gateway's own valid request so that only the guarded property differs.
 */
final class GuardCases {
  private GuardCases() {}

  /** Builds a valid, fully expected 200 row for the given name and path (GET gateways append their query). */
  interface ValidRow {
    GatewayCase at(String name, String path);
  }

  static List<GatewayCase> of(String gateway, ValidRow valid) {
    String base = "/ussd/" + gateway;
    String withToken = base + "/" + GatewayCase.TOKEN;
    GatewayCase sample = valid.at("sample", withToken);
    HttpMethod wrongMethod = sample.method == HttpMethod.POST ? HttpMethod.GET : HttpMethod.POST;
    String allowed = sample.method.name();
    List<GatewayCase> rows = new java.util.ArrayList<>(List.of(
        valid.at("token in the header instead of the path", base).header(UssdRoutes.TOKEN_HEADER, GatewayCase.TOKEN),
        valid.at("unknown gateway", "/ussd/nosuch/" + GatewayCase.TOKEN)
            .refused(404, "unknown gateway 'nosuch'"),
        valid.at("disabled gateway", withToken).config(sample.config.disabled())
            .refused(404, "unknown gateway '" + gateway + "'"),
        valid.at("wrong token in the path", base + "/guess").refused(403, "forbidden"),
        valid.at("wrong token in the header", base).header(UssdRoutes.TOKEN_HEADER, "guess")
            .refused(403, "forbidden"),
        valid.at("no token", base).refused(403, "forbidden"),
        valid.at("path token on a gateway without one", withToken).config(sample.config.withoutToken())
            .refused(404, "unknown gateway path"),
        valid.at("caller 127.0.0.1 outside the allowlist", withToken)
            .config(sample.config.allow("10.0.0.0/8", "192.168.1.7"))
            .refused(403, "forbidden"),
        valid.at("allowlist refuses even with the right token and no path token", base)
            .header(UssdRoutes.TOKEN_HEADER, GatewayCase.TOKEN)
            .config(sample.config.allow("::1")).refused(403, "forbidden"),
        valid.at("caller inside an allowlisted CIDR block", withToken)
            .config(sample.config.allow("10.0.0.0/8", "127.0.0.0/8")),
        valid.at("open gateway (no token, no allowlist)", base).config(sample.config.withoutToken()),
        valid.at("wrong method", withToken).method(wrongMethod)
            .refused(405, "method not allowed: use " + allowed).expectHeader("Allow", allowed),
        valid.at("body over the 8 KiB cap", withToken).rawBody(oversize()).refused(413, "body larger than 8192 bytes")));
    sample.headers.entrySet().stream().filter(h -> h.getKey().equals("Content-Type")).findFirst()
        .ifPresent(contentType -> {
          GatewayCase noType = valid.at("no content type", withToken);
          noType.headers.remove("Content-Type");
          rows.add(noType.refused(415, "content type must be " + mediaType(contentType.getValue())));
          rows.add(valid.at("wrong content type", withToken).header("Content-Type", "text/xml")
              .refused(415, "content type must be " + mediaType(contentType.getValue())));
          rows.add(valid.at("content type with charset and other case", withToken)
              .header("Content-Type", mediaType(contentType.getValue()).toUpperCase() + "; charset=UTF-8"));
        });
    return rows;
  }

  private static String mediaType(String header) {
    return Optional.of(header.indexOf(';')).filter(i -> i >= 0).map(i -> header.substring(0, i)).orElse(header);
  }

  private static byte[] oversize() {
    byte[] bytes = new byte[UssdRoutes.BODY_LIMIT + 1];
    Arrays.fill(bytes, (byte) 'a');
    return bytes;
  }
}
