package org.kabambe.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One analytics event (append-only). {@code flowId}, {@code flowHash}, {@code nodeId} and {@code detail} are empty
 * when they do not apply (they are stored as NULL).
 */
public record EventRow(Instant at, String type, String phone, String channel, String flowId, String flowHash,
                       String nodeId, String detail) {
  public EventRow {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(flowId, "flowId");
    Objects.requireNonNull(flowHash, "flowHash");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(detail, "detail");
  }
}
