package org.kabambe.expr;

import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;

/** How the flow's {@link ValueType}s are declared in CEL, and how CEL's types read back. */
final class CelTypeMapping {
  private CelTypeMapping() {}

  static CelType toCel(ValueType t) {
    return switch (t) {
      case TEXT -> SimpleType.STRING;
      case NUMBER -> SimpleType.DOUBLE;
      case INTEGER -> SimpleType.INT;
      case BOOL -> SimpleType.BOOL;
      case DATE -> SimpleType.TIMESTAMP;
      case TEXT_LIST -> ListType.create(SimpleType.STRING);
      case DYN -> SimpleType.DYN;
    };
  }

  /** The flow type of a checked CEL type; DYN for anything a flow has no word for (maps, bytes, durations...). */
  static ValueType fromCel(CelType t) {
    CelKind k = t.kind();
    return switch (k) {
      case STRING -> ValueType.TEXT;
      case DOUBLE -> ValueType.NUMBER;
      case INT -> ValueType.INTEGER;
      case BOOL -> ValueType.BOOL;
      case TIMESTAMP -> ValueType.DATE;
      case LIST -> t.parameters().size() == 1 && t.parameters().get(0).kind() == CelKind.STRING
          ? ValueType.TEXT_LIST : ValueType.DYN;
      default -> ValueType.DYN;
    };
  }

  /** The author's word for a CEL type name as it appears in CEL's messages, e.g. {@code double} -> number. */
  static String label(String celTypeName) {
    String n = celTypeName.trim();
    return switch (n) {
      case "double" -> "number";
      case "int" -> "integer";
      case "uint" -> "unsigned integer";
      case "string" -> "text";
      case "bool" -> "yes/no";
      case "google.protobuf.Timestamp" -> "date";
      case "google.protobuf.Duration" -> "duration";
      case "null_type" -> "null";
      case "bytes" -> "bytes";
      case "dyn" -> "any value";
      case "list(string)" -> "list of text";
      default -> n.startsWith("list(") ? "list" : n.startsWith("map(") ? "map" : n;
    };
  }
}
