package org.kabambe.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.Diagnostic;
import org.kabambe.flow.Flow;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.flow.settings.GlobalKeywords;
import org.kabambe.flow.settings.NavigationWords;

/**
 * Everything loaded from one flows directory: the flows that loaded cleanly, the programme files, and every
 * finding (a broken file is reported here and left out; the others still serve). Campaigns are in
 * {@code campaigns}, keyed by id.
 */
public record Catalog(
    Map<String, Flow> flows,
    ContactFields fields,
    GlobalKeywords keywords,
    Map<String, Campaign> campaigns,
    List<Diagnostic> diagnostics,
    NavigationWords navigation) {

  public Catalog {
    flows = Map.copyOf(flows);
    campaigns = Map.copyOf(campaigns);
    diagnostics = List.copyOf(diagnostics);
  }

  /** A catalog with the engine's own navigation words. */
  public Catalog(Map<String, Flow> flows, ContactFields fields, GlobalKeywords keywords, Map<String, Campaign> campaigns,
                 List<Diagnostic> diagnostics) {
    this(flows, fields, keywords, campaigns, diagnostics, NavigationWords.DEFAULTS);
  }

  public Optional<Flow> flow(String id) {
    return Optional.ofNullable(flows.get(id));
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
