package org.kabambe.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.kabambe.diag.Diagnostic;
import org.kabambe.flow.Flow;
import org.kabambe.runtime.FlowLookup;

/**
 * The flows being served, swapped whole on reload. Every version that served since start stays findable by its
 * content hash, so a conversation finishes on the version it started on. A reload whose file for a flow is
 * broken keeps that flow's previous version serving and keeps the findings for the API and the log.
 */
public final class FlowRegistry implements FlowLookup {
  private volatile Catalog catalog;
  private volatile List<Diagnostic> lastFindings = List.of();
  private final Map<String, Flow> versions = new ConcurrentHashMap<>();

  public FlowRegistry(Catalog initial) {
    this.catalog = initial;
    this.lastFindings = initial.diagnostics();
    initial.flows().values().forEach(this::remember);
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The findings of the last load (errors mean some file did not load and an older version may be serving). */
  public List<Diagnostic> findings() {
    return lastFindings;
  }

  /**
   * Installs a fresh load. A flow that loaded before but is missing now because its file has errors keeps
   * serving its previous version; a flow whose file was deleted goes away.
   */
  public ReloadOutcome install(Catalog loaded, Set<String> brokenFiles) {
    Map<String, Flow> next = new LinkedHashMap<>(loaded.flows());
    List<String> kept = new ArrayList<>();
    for (Flow previous : catalog.flows().values()) {
      if (!next.containsKey(previous.id()) && brokenFiles.contains(previous.file())) {
        next.put(previous.id(), previous);
        kept.add(previous.id());
      }
    }
    List<String> changed = new ArrayList<>();
    next.values().forEach(f -> {
      Flow before = catalog.flows().get(f.id());
      if (before == null || !before.contentHash().equals(f.contentHash())) changed.add(f.id());
      remember(f);
    });
    catalog = new Catalog(next, loaded.fields(), loaded.keywords(), loaded.campaigns(), loaded.diagnostics(),
        loaded.navigation());
    lastFindings = loaded.diagnostics();
    return new ReloadOutcome(changed, kept, loaded.diagnostics());
  }

  /** What a reload did: flows changed or added, flows kept on their old version, and the findings. */
  public record ReloadOutcome(List<String> changed, List<String> keptPrevious, List<Diagnostic> findings) {
    public boolean hasErrors() {
      return findings.stream().anyMatch(Diagnostic::isError);
    }
  }

  private void remember(Flow f) {
    versions.put(key(f.id(), f.contentHash()), f);
  }

  private static String key(String id, String hash) {
    return id + "@" + hash;
  }

  @Override
  public Optional<Flow> current(String flowId) {
    return catalog.flow(flowId);
  }

  /**
   * The exact version a conversation started on; after a restart that version may be gone, and then the
   * current one serves if it still has the node (checked by the caller's interpreter).
   */
  @Override
  public Optional<Flow> pinned(String flowId, String contentHash) {
    Flow f = versions.get(key(flowId, contentHash));
    return f != null ? Optional.of(f) : current(flowId);
  }
}
