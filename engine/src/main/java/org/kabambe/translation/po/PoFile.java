package org.kabambe.translation.po;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A PO (or POT) file: its header entry, when it has one, and its live entries in order (obsolete ones dropped). */
public record PoFile(Optional<PoEntry> header, List<PoEntry> entries) {
  public PoFile {
    entries = List.copyOf(entries);
  }

  /** The header's fields ({@code Language: sw} …), in order. */
  public Map<String, String> headerFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    header.ifPresent(h -> {
      for (String line : h.msgstr().split("\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    });
    return fields;
  }

  public Optional<String> headerField(String name) {
    return Optional.ofNullable(headerFields().get(name));
  }

  public Optional<PoEntry> entry(String msgctxt) {
    return entries.stream().filter(e -> e.context().equals(msgctxt)).findFirst();
  }
}
