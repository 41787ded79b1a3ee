package org.kabambe.expr;

import java.util.Map;

/**
 * The names a flow's expressions and templates may use, with their types: {@code answers.NAME} (this flow's
 * saves), {@code vars.NAME} ({@code set} actions), {@code contact.NAME} (fields.yaml plus phone, language,
 * groups). {@code session.channel}, {@code now} and {@code input} are always in scope.
 */
public record Scope(Map<String, ValueType> answers, Map<String, ValueType> vars, Map<String, ValueType> contact) {
  public Scope {
    answers = Map.copyOf(answers);
    vars = Map.copyOf(vars);
    contact = Map.copyOf(contact);
  }
}
