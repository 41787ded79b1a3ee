package org.kabambe.runtime;

import java.util.Optional;
import org.kabambe.flow.Flow;

/** Finds flows for the interpreter: the current version by id, or the exact version a conversation is pinned to. */
public interface FlowLookup {
  Optional<Flow> current(String flowId);

  /** The version with this content hash; the current one when it still matches. */
  Optional<Flow> pinned(String flowId, String contentHash);

  /** The version a running frame is pinned to; a conversation on a flow no longer loaded cannot go on. */
  default Flow pinnedOf(Frame f) {
    return pinned(f.flowId(), f.flowHash())
        .orElseThrow(() -> new IllegalStateException("flow " + f.flowId() + " is not loaded"));
  }
}
