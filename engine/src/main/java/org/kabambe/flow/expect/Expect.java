package org.kabambe.flow.expect;

import java.util.Optional;
import org.kabambe.expr.ValueType;

/** What an {@code ask} accepts, and how typed input becomes a value. */
public sealed interface Expect permits TextExpect, NumberExpect, DateExpect, YesNoExpect, PhoneExpect, ChoiceExpect {
  /** The type of the saved answer. */
  ValueType valueType();

  /** The value for {@code input} in {@code language}, or empty when it is not acceptable. */
  Optional<Object> parse(String input, String language);

  /** The YAML key of this kind. */
  String kind();
}
