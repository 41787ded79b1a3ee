package org.kabambe.flow;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Scope;

/**
 * One flow file, loaded and checked: immutable, safe to share between threads. {@code contentHash} identifies
 * this exact content, so a conversation can stay pinned to the version it started on. {@code translationFallback}
 * ({@code translation_fallback: true}) turns missing translations into warnings. {@code smsReplyTimeout}
 * ({@code sms_reply_timeout}) is how long an SMS conversation of this flow waits for a reply; empty: the
 * deployment's {@code sms.reply_timeout}.
 */
public record Flow(
    String id,
    String title,
    int version,
    String contentHash,
    String file,
    SourcePos pos,
    List<String> languages,
    Ref start,
    Triggers triggers,
    ResumeMode resume,
    Duration resumeWindow,
    int smsSegmentLimit,
    boolean translationFallback,
    Optional<Duration> smsReplyTimeout,
    Map<String, Node> nodes,
    Scope scope) {

  public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofMinutes(10);
  public static final int DEFAULT_SMS_SEGMENT_LIMIT = 2;

  public Flow {
    languages = List.copyOf(languages);
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
  }

  /** The original constructor, kept for callers written before {@code translation_fallback} (default false). */
  public Flow(String id, String title, int version, String contentHash, String file, SourcePos pos,
              List<String> languages, Ref start, Triggers triggers, ResumeMode resume, Duration resumeWindow,
              int smsSegmentLimit, Map<String, Node> nodes, Scope scope) {
    this(id, title, version, contentHash, file, pos, languages, start, triggers, resume, resumeWindow,
        smsSegmentLimit, false, Optional.empty(), nodes, scope);
  }

  /** This flow with {@code translation_fallback: true}: missing translations become warnings. */
  public Flow withTranslationFallback() {
    return new Flow(id, title, version, contentHash, file, pos, languages, start, triggers, resume, resumeWindow,
        smsSegmentLimit, true, smsReplyTimeout, nodes, scope);
  }

  /** This flow with its expressions' scope, once it is known (see {@code FlowCompiler}). */
  public Flow withScope(Scope newScope) {
    return new Flow(id, title, version, contentHash, file, pos, languages, start, triggers, resume, resumeWindow,
        smsSegmentLimit, translationFallback, smsReplyTimeout, nodes, newScope);
  }

  public String defaultLanguage() {
    return languages.get(0);
  }

  public Optional<Node> node(String nodeId) {
    return Optional.ofNullable(nodes.get(nodeId));
  }

  /** The node with this id; for ids the validator has already proven to exist. */
  public Node require(String nodeId) {
    Node n = nodes.get(nodeId);
    if (n == null) throw new IllegalStateException("flow " + id + " has no node " + nodeId);
    return n;
  }
}
