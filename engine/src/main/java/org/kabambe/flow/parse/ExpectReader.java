package org.kabambe.flow.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.kabambe.flow.expect.ChoiceExpect;
import org.kabambe.flow.expect.DateExpect;
import org.kabambe.flow.expect.Expect;
import org.kabambe.flow.expect.NumberExpect;
import org.kabambe.flow.expect.PhoneExpect;
import org.kabambe.flow.expect.TextExpect;
import org.kabambe.flow.expect.YesNoExpect;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;
import org.kabambe.diag.DidYouMean;

/** Reads an ask's {@code expect}: a kind name ({@code expect: date}) or {@code {kind: settings}}. */
final class ExpectReader {
  static final List<String> KINDS = List.of("text", "number", "date", "yes_no", "phone", "choice");

  private ExpectReader() {}

  static Optional<Expect> read(YamlValue v) {
    if (v.isScalar()) {
      String kind = v.peekText().orElseThrow();
      return known(kind, v) ? withSettings(kind, Optional.empty(), v) : Optional.empty();
    }
    if (!v.isMap()) {
      v.error(v.what() + " should be a kind of answer (" + String.join(", ", KINDS)
          + "), or a kind with settings like {number: {min: 1, max: 120}}; it is " + v.shape());
      return Optional.empty();
    }
    YamlMap m = v.map().orElseThrow();
    List<YamlEntry> entries = m.entries();
    if (entries.size() != 1) {
      m.error(v.what() + " should name exactly one kind of answer, like {number: {min: 1}}; it has "
          + entries.size());
      return Optional.empty();
    }
    YamlEntry e = entries.get(0);
    if (!KINDS.contains(e.key())) {
      m.document().diagnostics().error(e.keyPos(), unknownKind(e.key()));
      return Optional.empty();
    }
    return withSettings(e.key(), Optional.of(e.value().describedAs("the settings of '" + e.key() + "'")), v);
  }

  private static boolean known(String kind, YamlValue v) {
    if (KINDS.contains(kind)) return true;
    v.error(unknownKind(kind));
    return false;
  }

  private static String unknownKind(String kind) {
    String hint = DidYouMean.hint(kind, KINDS);
    return "unknown kind of answer '" + kind + "'" + (hint.isEmpty() ? "; use one of: " + String.join(", ", KINDS)
        : hint);
  }

  private static Optional<Expect> withSettings(String kind, Optional<YamlValue> settings, YamlValue where) {
    Optional<YamlValue> given = settings.filter(s -> !s.isNull());
    return switch (kind) {
      case "text" -> textExpect(given);
      case "number" -> numberExpect(given);
      case "choice" -> choiceExpect(given, where);
      default -> {
        if (given.isPresent()) {
          given.get().error("'" + kind + "' has no settings; write just 'expect: " + kind + "'");
          yield Optional.empty();
        }
        yield Optional.of(switch (kind) {
          case "date" -> new DateExpect();
          case "yes_no" -> new YesNoExpect();
          default -> new PhoneExpect();
        });
      }
    };
  }

  private static Optional<Expect> textExpect(Optional<YamlValue> settings) {
    if (settings.isEmpty()) return Optional.of(new TextExpect(OptionalInt.empty(), OptionalInt.empty(), Optional.empty()));
    Optional<YamlMap> m = settings.get().map();
    if (m.isEmpty()) return Optional.empty();
    m.get().allowOnly(List.of("min_length", "max_length", "pattern"));
    OptionalInt min = wholeNumber(m.get(), "min_length");
    OptionalInt max = wholeNumber(m.get(), "max_length");
    Optional<Pattern> pattern = Optional.empty();
    Optional<YamlValue> p = m.get().optional("pattern");
    if (p.isPresent()) {
      Optional<String> regex = p.get().text();
      if (regex.isEmpty()) return Optional.empty();
      try {
        pattern = Optional.of(Pattern.compile(regex.get()));
      } catch (PatternSyntaxException ex) {
        p.get().error("'pattern' is not a valid regular expression: " + ex.getDescription());
        return Optional.empty();
      }
    }
    if (min.isPresent() && max.isPresent() && min.getAsInt() > max.getAsInt()) {
      m.get().error("'min_length' (" + min.getAsInt() + ") is more than 'max_length' (" + max.getAsInt() + ")");
      return Optional.empty();
    }
    return Optional.of(new TextExpect(min, max, pattern));
  }

  private static OptionalInt wholeNumber(YamlMap m, String key) {
    Optional<YamlValue> v = m.optional(key);
    if (v.isEmpty()) return OptionalInt.empty();
    Optional<Integer> n = v.get().wholeNumber();
    if (n.isPresent() && n.get() < 0) v.get().error("'" + key + "' cannot be negative");
    return n.map(OptionalInt::of).orElse(OptionalInt.empty());
  }

  private static Optional<Expect> numberExpect(Optional<YamlValue> settings) {
    if (settings.isEmpty()) return Optional.of(new NumberExpect(OptionalDouble.empty(), OptionalDouble.empty(), false));
    Optional<YamlMap> m = settings.get().map();
    if (m.isEmpty()) return Optional.empty();
    m.get().allowOnly(List.of("min", "max", "integer"));
    OptionalDouble min = m.get().optional("min").flatMap(YamlValue::number)
        .map(OptionalDouble::of).orElse(OptionalDouble.empty());
    OptionalDouble max = m.get().optional("max").flatMap(YamlValue::number)
        .map(OptionalDouble::of).orElse(OptionalDouble.empty());
    boolean integer = m.get().optional("integer").flatMap(YamlValue::bool).orElse(false);
    if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
      m.get().error("'min' is more than 'max'; swap them");
      return Optional.empty();
    }
    return Optional.of(new NumberExpect(min, max, integer));
  }

  private static Optional<Expect> choiceExpect(Optional<YamlValue> settings, YamlValue where) {
    if (settings.isEmpty()) {
      where.error("'choice' needs its accepted words, like expect: {choice: [yes, no, maybe]}");
      return Optional.empty();
    }
    Optional<List<YamlValue>> items = settings.get().list();
    if (items.isEmpty()) return Optional.empty();
    if (items.get().isEmpty()) {
      settings.get().error("'choice' needs at least one accepted word");
      return Optional.empty();
    }
    List<String> words = new ArrayList<>();
    for (YamlValue item : items.get()) item.text().ifPresent(words::add);
    return words.size() == items.get().size() ? Optional.of(new ChoiceExpect(words)) : Optional.empty();
  }
}
