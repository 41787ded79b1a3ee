package org.kabambe.flowtest;

import java.util.List;
import java.util.Map;
import org.kabambe.diag.SourcePos;
import org.kabambe.runtime.Channel;

/** One scripted conversation from {@code flows/tests/*.yaml}: who the participant is and what they should see. */
public record FlowTest(String name, String flowId, Channel channel, String phone, Map<String, Object> contact,
                       List<TestStep> steps, SourcePos pos) {
  public FlowTest {
    contact = Map.copyOf(contact);
    steps = List.copyOf(steps);
  }

  /** The participant's language: the contact's, else empty (the flow's default). */
  public String language() {
    Object l = contact.get("language");
    return l == null ? "" : l.toString();
  }
}
