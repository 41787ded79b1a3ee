package org.kabambe.expr;

/**
 * The types a flow's values can have. Answers are typed by how they are saved (an {@code ask} with
 * {@code expect: number} saves a NUMBER), contact fields by {@code fields.yaml}, variables by their
 * {@code set} expression. Runtime Java forms: TEXT String, NUMBER Double, INTEGER Long, BOOL Boolean,
 * DATE java.time.LocalDate, TEXT_LIST List&lt;String&gt;, DYN any of these.
 */
public enum ValueType {
  TEXT("text"), NUMBER("number"), INTEGER("integer"), BOOL("yes/no"), DATE("date"), TEXT_LIST("list of text"), DYN("any");

  private final String label;

  ValueType(String label) {
    this.label = label;
  }

  /** The word an author would use for this type in an error message. */
  public String label() {
    return label;
  }
}
