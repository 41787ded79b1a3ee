package org.kabambe.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;

/** Text with {@code {{ path | fallback "x" }}} insertions, parsed once at load time. */
public final class Template {
  /** A piece of the text: literal characters or one insertion. */
  sealed interface Part permits Literal, Insertion {}

  /** Characters copied as they are. */
  record Literal(String text) implements Part {}

  /**
   * One {@code {{ ... }}}: the dotted path, where the path starts in the file, what it reads (empty when its
   * first segment is no root; the validator reports it) and the filters in order.
   */
  record Insertion(String path, SourcePos pos, Optional<ScopePath> target, List<TemplateFilter> filters,
                   InsertionEscape escape) implements Part {
    Insertion {
      filters = List.copyOf(filters);
      // The author's `raw` filter wins over the place: they vouch for what it inserts.
      if (filters.stream().anyMatch(f -> f instanceof TemplateFilter.Raw)) escape = InsertionEscape.NONE;
    }

    Insertion(String path, SourcePos pos, Optional<ScopePath> target, List<TemplateFilter> filters) {
      this(path, pos, target, filters, InsertionEscape.NONE);
    }

    String render(Bindings b) {
      Object value = target.map(t -> t.read(b)).orElse(null);
      for (TemplateFilter f : filters) value = f.apply(value);
      return escape.write(value);
    }
  }

  private final String raw;
  private final SourcePos pos;
  private final List<Part> parts;
  private final List<Insertion> insertions;
  private final List<String> paths;

  private Template(String raw, SourcePos pos, List<Part> parts) {
    this.raw = raw;
    this.pos = pos;
    this.parts = List.copyOf(parts);
    List<Insertion> ins = new ArrayList<>();
    LinkedHashSet<String> ps = new LinkedHashSet<>();
    for (Part p : parts) {
      if (p instanceof Insertion i) {
        ins.add(i);
        ps.add(i.path());
      }
    }
    this.insertions = List.copyOf(ins);
    this.paths = List.copyOf(ps);
  }

  /** Parses {@code raw}; malformed insertions are reported at their exact position. */
  public static Template parse(String raw, SourcePos pos, Diagnostics diagnostics) {
    return new Template(raw, pos, new TemplateParser(raw, pos, diagnostics).parts());
  }

  /**
   * The same text with each insertion written for the place it lands in; {@code escapes} gets the literal text
   * before each insertion, in order, and answers each one's escape.
   */
  Template escaped(Function<List<String>, List<InsertionEscape>> escapes) {
    if (insertions.isEmpty()) return this;
    List<String> prefixes = new ArrayList<>();
    StringBuilder before = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Literal l) before.append(l.text());
      else prefixes.add(before.toString());
    }
    List<InsertionEscape> chosen = escapes.apply(prefixes);
    List<Part> out = new ArrayList<>(parts.size());
    int k = 0;
    for (Part p : parts) {
      if (p instanceof Insertion i) {
        out.add(new Insertion(i.path(), i.pos(), i.target(), i.filters(), chosen.get(k++)));
      } else {
        out.add(p);
      }
    }
    return new Template(raw, pos, out);
  }

  /** The text as written, with its insertions unexpanded. */
  public String raw() {
    return raw;
  }

  public SourcePos pos() {
    return pos;
  }

  /** True when the text has no insertions (its rendering is {@link #raw()}). */
  public boolean isPlain() {
    return insertions.isEmpty();
  }

  /** The dotted paths this template inserts (for the validator), e.g. {@code contact.name}, each once. */
  public List<String> paths() {
    return paths;
  }

  List<Insertion> insertions() {
    return insertions;
  }

  /** The text with every insertion expanded; an unset value takes its fallback, else the empty string. */
  public String render(Bindings bindings) {
    if (insertions.isEmpty()) return raw;
    StringBuilder sb = new StringBuilder(raw.length() + 16);
    for (Part p : parts) {
      if (p instanceof Literal l) sb.append(l.text());
      else sb.append(((Insertion) p).render(bindings));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return raw;
  }
}
