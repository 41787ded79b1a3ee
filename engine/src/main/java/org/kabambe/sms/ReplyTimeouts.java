package org.kabambe.sms;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.kabambe.catalog.Catalog;
import org.kabambe.flow.Flow;

/**
 * How long an SMS conversation waits for a reply (one reminder goes half-way): its flow's {@code sms_reply_timeout}
 * in the catalog loaded now, else the deployment's {@code sms.reply_timeout}. "Its flow" is the one the conversation
 * started (a called flow waits as long as its caller), and a conversation pinned to an earlier version of that flow
 * follows the current file: the reminder job's query and the decision per number then agree.
 */
public record ReplyTimeouts(Supplier<Catalog> catalog, Duration fallback) {
  public ReplyTimeouts {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(fallback, "fallback");
  }

  /** The reply timeout of conversations started by {@code flowId}. */
  public Duration of(String flowId) {
    return catalog.get().flow(flowId).flatMap(Flow::smsReplyTimeout).orElse(fallback);
  }

  /** The flows that set their own reply timeout, by id. */
  Map<String, Duration> overrides() {
    var out = new LinkedHashMap<String, Duration>();
    catalog.get().flows().forEach((id, flow) -> flow.smsReplyTimeout().ifPresent(d -> out.put(id, d)));
    return out;
  }
}
