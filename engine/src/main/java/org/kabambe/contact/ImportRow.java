package org.kabambe.contact;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One valid row of a contacts import: the E.164 number and the values its non-empty cells give. An empty cell
 * changes nothing, so a partial sheet updates only what it holds.
 */
public record ImportRow(long line, String phone, Optional<String> language, Optional<List<String>> groups,
                        Optional<Boolean> optedOut, Optional<Instant> consentedAt, Map<String, Object> fields) {
  public ImportRow {
    groups = groups.map(List::copyOf);
    fields = Map.copyOf(fields);
  }
}
