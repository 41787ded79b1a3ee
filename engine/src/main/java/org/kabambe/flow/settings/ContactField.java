package org.kabambe.flow.settings;

import java.util.List;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.ValueType;

/** A declared contact field from {@code flows/fields.yaml}; {@code pii} fields are pseudonymised in exports. */
public record ContactField(String name, ValueType type, boolean pii, List<String> values, SourcePos pos) {
  public ContactField {
    values = List.copyOf(values);
  }
}
