package org.kabambe.flow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.Diagnostic;
import org.kabambe.flow.program.ContactFields;
import org.kabambe.flow.program.GlobalKeywords;

/**
 * Everything loaded from one flows directory: the flows that loaded cleanly, the programme files, and every
 * finding (a broken file is reported here and left out; the others still serve). Campaigns are added by the
 * campaigns issue; their place is {@code campaigns}, keyed by id.
 */
public record Catalog(
    Map<String, Flow> flows,
    ContactFields fields,
    GlobalKeywords keywords,
    Map<String, Object> campaigns,
    List<Diagnostic> diagnostics) {

  public Catalog {
    flows = Map.copyOf(flows);
    campaigns = Map.copyOf(campaigns);
    diagnostics = List.copyOf(diagnostics);
  }

  public Optional<Flow> flow(String id) {
    return Optional.ofNullable(flows.get(id));
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
