package org.kabambe.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects findings while a file is read, so one pass can report every mistake, not just the first. */
public final class Diagnostics {
  private final List<Diagnostic> items = new ArrayList<>();

  public void error(SourcePos pos, String message) {
    items.add(Diagnostic.error(pos, message));
  }

  public void warning(SourcePos pos, String message) {
    items.add(Diagnostic.warning(pos, message));
  }

  public void add(Diagnostic d) {
    items.add(d);
  }

  public void addAll(Iterable<Diagnostic> ds) {
    ds.forEach(items::add);
  }

  public boolean hasErrors() {
    return items.stream().anyMatch(Diagnostic::isError);
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** The findings in file/line/column order. */
  public List<Diagnostic> sorted() {
    List<Diagnostic> copy = new ArrayList<>(items);
    Collections.sort(copy);
    return List.copyOf(copy);
  }
}
