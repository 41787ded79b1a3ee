package org.kabambe.flow.parse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.DidYouMean;
import org.kabambe.diag.Located;
import org.kabambe.expr.Scope;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.Ref;
import org.kabambe.flow.ResumeMode;
import org.kabambe.flow.Triggers;
import org.kabambe.flow.yaml.SafeYamlReader;
import org.kabambe.flow.yaml.YamlDocument;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;

/**
 * Reads one flow file into a {@link Flow}, reporting every structural mistake it finds (not just the first).
 * The result's expressions are not compiled yet and its scope is {@link #UNBOUND_SCOPE}: that is
 * {@code FlowCompiler}'s job, once the programme's contact fields are known.
 */
public final class FlowParser {
  /** The scope of a flow that has been parsed but not compiled. */
  public static final Scope UNBOUND_SCOPE = new Scope(Map.of(), Map.of(), Map.of());

  private static final List<String> KEYS = List.of("flow", "title", "version", "languages", "start", "triggers",
      "resume", "resume_window", "sms_segments", "sms_reply_timeout", "translation_fallback", "nodes");

  private FlowParser() {}

  /** Parses a flow written as text (tests, the simulator); the file name is only used in positions. */
  public static Optional<Flow> parse(String file, String yaml, Diagnostics diagnostics) {
    return parse(file, yaml.getBytes(StandardCharsets.UTF_8), diagnostics);
  }

  /**
   * Parses {@code bytes}, the content of {@code file}. Findings go to {@code diagnostics}; the flow is returned
   * only when this file has no errors.
   */
  public static Optional<Flow> parse(String file, byte[] bytes, Diagnostics diagnostics) {
    Diagnostics own = new Diagnostics();
    Optional<Flow> flow = SafeYamlReader.read(file, bytes, own).flatMap(doc -> read(doc, contentHash(bytes)));
    diagnostics.addAll(own.sorted());
    return own.hasErrors() ? Optional.empty() : flow;
  }

  /**
   * The first 64 bits of the SHA-256 of the file's bytes, in hex: a conversation stays pinned to exactly this
   * content. 16 characters, not 64: the hash is stored in every frame of every conversation, rewritten each hop,
   * and 64 bits tell a flow's versions apart with room to spare.
   */
  public static String contentHash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static Optional<Flow> read(YamlDocument doc, String hash) {
    Optional<YamlMap> maybeRoot = doc.root("the flow file").map();
    if (maybeRoot.isEmpty()) return Optional.empty();
    YamlMap root = maybeRoot.get().describedAs("the flow");
    root.allowOnly(KEYS);

    Optional<YamlValue> idValue = root.required("flow");
    Optional<String> id = idValue.flatMap(YamlValue::text).filter(s -> Names.checkFlowId(s, idValue.get()));
    Optional<String> title = root.required("title").flatMap(YamlValue::text);
    int version = positive(root, "version").orElse(1);
    Optional<List<String>> languages = root.required("languages").flatMap(FlowParser::languages);
    Optional<Ref> start = root.required("start").flatMap(RefReader::read);
    Triggers triggers = root.optional("triggers").flatMap(FlowParser::triggers).orElse(Triggers.NONE);
    ResumeMode resume = root.optional("resume").flatMap(FlowParser::resume).orElse(ResumeMode.ASK);
    Duration window = root.optional("resume_window").flatMap(FlowParser::positiveDuration)
        .orElse(Flow.DEFAULT_RESUME_WINDOW);
    int segments = positive(root, "sms_segments").orElse(Flow.DEFAULT_SMS_SEGMENT_LIMIT);
    Optional<Duration> replyTimeout = root.optional("sms_reply_timeout").flatMap(FlowParser::positiveDuration);
    boolean fallback = root.optional("translation_fallback").flatMap(YamlValue::bool).orElse(false);
    Optional<Map<String, Node>> nodes = root.required("nodes").flatMap(FlowParser::nodes);

    if (doc.diagnostics().hasErrors() || id.isEmpty() || title.isEmpty() || languages.isEmpty() || start.isEmpty()
        || nodes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Flow(id.get(), title.get(), version, hash, doc.file(), root.pos(), languages.get(),
        start.get(), triggers, resume, window, segments, fallback, replyTimeout, nodes.get(), UNBOUND_SCOPE));
  }

  private static Optional<Integer> positive(YamlMap m, String key) {
    Optional<YamlValue> v = m.optional(key);
    Optional<Integer> n = v.flatMap(YamlValue::wholeNumber);
    if (n.isPresent() && n.get() < 1) {
      v.get().error("'" + key + "' should be 1 or more");
      return Optional.empty();
    }
    return n;
  }

  private static Optional<Duration> positiveDuration(YamlValue v) {
    Optional<Duration> d = v.duration();
    if (d.isPresent() && d.get().isZero()) {
      v.error(v.what() + " should be longer than zero");
      return Optional.empty();
    }
    return d;
  }

  private static Optional<List<String>> languages(YamlValue v) {
    Optional<List<YamlValue>> items = v.list();
    if (items.isEmpty()) return Optional.empty();
    if (items.get().isEmpty()) {
      v.error("'languages' needs at least one language, like [en]; the first is the default");
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (YamlValue item : items.get()) {
      Optional<String> lang = item.text();
      if (lang.isEmpty()) continue;
      if (out.contains(lang.get())) item.error("language '" + lang.get() + "' is listed twice; list it once");
      out.add(lang.get());
    }
    return out.size() == items.get().size() ? Optional.of(out) : Optional.empty();
  }

  private static Optional<Triggers> triggers(YamlValue v) {
    Optional<YamlMap> m = v.map();
    if (m.isEmpty()) return Optional.empty();
    YamlMap t = m.get().describedAs("'triggers'");
    t.allowOnly(List.of("ussd", "keywords"));
    List<Located<String>> ussd = t.optional("ussd").map(FlowParser::texts).orElse(List.of());
    List<Located<String>> keywords = t.optional("keywords").map(FlowParser::texts).orElse(List.of());
    for (Located<String> k : keywords) {
      if (k.value().isBlank() || k.value().strip().contains(" ")) {
        t.document().diagnostics().error(k.pos(), "keyword '" + k.value() + "' should be one word (participants "
            + "start the flow by sending it as the first word of an SMS)");
      }
    }
    return Optional.of(new Triggers(ussd, keywords));
  }

  private static List<Located<String>> texts(YamlValue v) {
    List<Located<String>> out = new ArrayList<>();
    v.list().ifPresent(items -> items.forEach(i -> i.locatedText().ifPresent(out::add)));
    return out;
  }

  private static Optional<ResumeMode> resume(YamlValue v) {
    List<String> modes = List.of("ask", "auto", "never");
    return v.text().flatMap(s -> {
      if (modes.contains(s)) return Optional.of(ResumeMode.valueOf(s.toUpperCase(Locale.ROOT)));
      String hint = DidYouMean.hint(s, modes);
      v.error("'resume' should be ask, auto or never, not '" + s + "'" + hint);
      return Optional.empty();
    });
  }

  private static Optional<Map<String, Node>> nodes(YamlValue v) {
    Optional<YamlMap> m = v.map();
    if (m.isEmpty()) return Optional.empty();
    if (m.get().isEmpty()) {
      m.get().error("'nodes' has no nodes; add at least one, like 'welcome: {say: ...}'");
      return Optional.empty();
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (YamlEntry e : m.get().entries()) {
      if (!Names.isNodeId(e.key())) {
        m.get().document().diagnostics().error(e.keyPos(), "node id '" + e.key() + "' can only use letters, digits,"
            + " '_' and '-'");
        continue;
      }
      NodeReader.read(e.key(), e.keyPos(), e.value()).ifPresent(n -> out.put(e.key(), n));
    }
    return Optional.of(out);
  }
}
