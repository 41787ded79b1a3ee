package org.kabambe.flow.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.Diagnostics;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.flow.yaml.SafeYamlReader;
import org.kabambe.flow.yaml.YamlDocument;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;
import org.kabambe.diag.DidYouMean;

/** Reads {@code flows/fields.yaml}: the programme's contact fields, their types and whether they are personal data. */
public final class FieldsFileParser {
  private static final Map<String, ValueType> TYPES = Map.of(
      "text", ValueType.TEXT, "number", ValueType.NUMBER, "date", ValueType.DATE, "choice", ValueType.TEXT);
  private static final List<String> TYPE_NAMES = List.of("text", "number", "date", "choice");

  private FieldsFileParser() {}

  /** The declared fields; empty when the file has an error (reported to {@code diagnostics}). */
  public static Optional<ContactFields> parse(String file, byte[] bytes, Diagnostics diagnostics) {
    Diagnostics own = new Diagnostics();
    Optional<ContactFields> fields = SafeYamlReader.read(file, bytes, own).flatMap(FieldsFileParser::read);
    diagnostics.addAll(own.sorted());
    return own.hasErrors() ? Optional.empty() : fields;
  }

  private static Optional<ContactFields> read(YamlDocument doc) {
    Optional<YamlMap> root = doc.root("the fields file").map().map(m -> m.describedAs("the fields file"));
    if (root.isEmpty()) return Optional.empty();
    root.get().allowOnly(List.of("fields"));
    Optional<YamlMap> declared = root.get().required("fields").flatMap(YamlValue::map);
    if (declared.isEmpty()) return Optional.empty();
    Map<String, ContactField> out = new LinkedHashMap<>();
    for (YamlEntry e : declared.get().entries()) field(e).ifPresent(f -> out.put(f.name(), f));
    return Optional.of(new ContactFields(out));
  }

  private static Optional<ContactField> field(YamlEntry e) {
    YamlValue v = e.value().describedAs("field '" + e.key() + "'");
    if (!Names.checkVariable(e.key(), "field", v)) return Optional.empty();
    if (ContactFields.NONE.scope().containsKey(e.key())) {
      v.error("'" + e.key() + "' is a built-in contact field; remove it from fields.yaml");
      return Optional.empty();
    }
    Optional<YamlMap> m = v.map();
    if (m.isEmpty()) return Optional.empty();
    m.get().allowOnly(List.of("type", "pii", "values"));
    Optional<YamlValue> typeValue = m.get().required("type");
    Optional<String> type = typeValue.flatMap(YamlValue::text);
    if (type.isPresent() && !TYPES.containsKey(type.get())) {
      String hint = DidYouMean.hint(type.get(), TYPE_NAMES);
      typeValue.get().error("unknown field type '" + type.get() + "'"
          + (hint.isEmpty() ? "; use one of: " + String.join(", ", TYPE_NAMES) : hint));
      return Optional.empty();
    }
    boolean pii = m.get().optional("pii").flatMap(YamlValue::bool).orElse(false);
    List<String> values = new ArrayList<>();
    Optional<YamlValue> valuesValue = m.get().optional("values");
    if (type.isPresent() && type.get().equals("choice")) {
      if (valuesValue.isEmpty()) {
        m.get().error("field '" + e.key() + "' has type choice, so it needs its 'values', like values: [low, high]");
      } else {
        valuesValue.get().list().ifPresent(items -> items.forEach(i -> i.text().ifPresent(values::add)));
        if (values.isEmpty()) valuesValue.get().error("'values' needs at least one value");
      }
    } else if (valuesValue.isPresent()) {
      valuesValue.get().error("'values' only applies to fields of type choice");
    }
    if (type.isEmpty()) return Optional.empty();
    return Optional.of(new ContactField(e.key(), TYPES.get(type.get()), pii, values, e.keyPos()));
  }
}
