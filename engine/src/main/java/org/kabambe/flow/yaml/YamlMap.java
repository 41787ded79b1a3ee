package org.kabambe.flow.yaml;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kabambe.diag.DidYouMean;
import org.kabambe.diag.SourcePos;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A YAML mapping read against a fixed set of keys: an unknown key is reported at the key with a did-you-mean,
 * a missing required key at the mapping. Keys are unique here ({@link SafeYamlReader} rejected duplicates).
 */
public final class YamlMap {
  private final YamlDocument doc;
  private final MappingNode node;
  private final String what;
  private final List<YamlEntry> entries = new ArrayList<>();
  // allowed keys that an unknown key was probably meant to be: already reported, so not "missing" as well
  private final Set<String> misspelled = new HashSet<>();

  YamlMap(YamlDocument doc, MappingNode node, String what) {
    this.doc = doc;
    this.node = node;
    this.what = what;
    for (NodeTuple t : node.getValue()) {
      // SafeYamlReader already rejected keys that are not plain scalars
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
      entries.add(new YamlEntry(key, doc.at(t.getKeyNode().getStartMark()),
          new YamlValue(doc, t.getValueNode(), "'" + key + "'")));
    }
  }

  /** Where the mapping starts (its first key, for a block mapping). */
  public SourcePos pos() {
    return doc.at(node.getStartMark());
  }

  /** How messages name this mapping, e.g. {@code menu 'welcome'}. */
  public String what() {
    return what;
  }

  public YamlMap describedAs(String newWhat) {
    return new YamlMap(doc, node, newWhat);
  }

  public YamlDocument document() {
    return doc;
  }

  public List<YamlEntry> entries() {
    return List.copyOf(entries);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public boolean has(String key) {
    return entries.stream().anyMatch(e -> e.key().equals(key));
  }

  public Optional<YamlEntry> entry(String key) {
    return entries.stream().filter(e -> e.key().equals(key)).findFirst();
  }

  /** The value under {@code key}, if written. */
  public Optional<YamlValue> optional(String key) {
    return entry(key).map(YamlEntry::value);
  }

  /** The value under {@code key}; when it is missing, an error at the mapping says so. */
  public Optional<YamlValue> required(String key) {
    Optional<YamlValue> v = optional(key);
    if (v.isEmpty() && !misspelled.contains(key)) error(what + " needs '" + key + "'; add a line '" + key + ": ...' to it");
    return v;
  }

  /**
   * Reports every key not in {@code allowed}, with the closest allowed key as a hint. Call it before
   * {@link #required}: a required key that an unknown key was meant to be is then not reported a second time.
   */
  public void allowOnly(Collection<String> allowed) {
    for (YamlEntry e : entries) {
      if (allowed.contains(e.key())) continue;
      Optional<String> meant = DidYouMean.closest(e.key(), allowed);
      meant.ifPresent(misspelled::add);
      String hint = meant.map(m -> "; did you mean '" + m + "'?")
          .orElse("; the keys allowed here are: " + String.join(", ", allowed));
      doc.diagnostics().error(e.keyPos(), "unknown key '" + e.key() + "' in " + what + hint);
    }
  }

  /** Reports {@code message} at the mapping. */
  public void error(String message) {
    doc.diagnostics().error(pos(), message);
  }
}
