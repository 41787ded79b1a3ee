package org.kabambe.flowtest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.SourcePos;

/**
 * One input and the checks on the screen it produces.
 *
 * @param dial    true for a USSD dial (a new session), false for a reply
 * @param answers expected saved answers, compared as written in the test (15 matches 15, 15.0 and "15")
 */
public record TestStep(SourcePos pos, boolean dial, String input, List<String> expect, Optional<String> expectScreen,
                       List<String> expectNot, Optional<String> expectNode, Optional<Boolean> expectEnd,
                       Map<String, String> answers, List<String> expectSms) {
  public TestStep {
    expect = List.copyOf(expect);
    expectNot = List.copyOf(expectNot);
    answers = Map.copyOf(answers);
    expectSms = List.copyOf(expectSms);
  }

  /** How a report names this step: {@code dial "*384*12#"} or {@code send "15"}. */
  public String describe() {
    return (dial ? "dial" : "send") + " \"" + input + "\"";
  }
}
