package org.kabambe.flow.parse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Expression;
import org.kabambe.expr.InsertionSites;
import org.kabambe.expr.Template;
import org.kabambe.flow.Action;
import org.kabambe.flow.Ref;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;
import org.kabambe.diag.DidYouMean;

/** Reads the items of an {@code actions} / {@code do} list; each item is a one-key map or a bare word. */
final class ActionReader {
  static final List<String> KINDS = List.of(
      "set", "contact", "language", "sms", "subscribe", "unsubscribe", "opt_out", "opt_in", "tag", "webhook");
  static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(5);

  private ActionReader() {}

  /** The actions of a list; a broken item is reported and skipped (the caller sees the error count). */
  static List<Action> readList(YamlValue list) {
    List<Action> actions = new ArrayList<>();
    list.list().ifPresent(items -> items.forEach(item -> actions.addAll(readItem(item))));
    return actions;
  }

  private static List<Action> readItem(YamlValue item) {
    if (item.isScalar()) {
      String word = item.peekText().orElseThrow();
      return switch (word) {
        case "opt_out" -> List.of(new Action.OptOut(item.pos()));
        case "opt_in" -> List.of(new Action.OptIn(item.pos()));
        default -> {
          item.error(KINDS.contains(word)
              ? "the '" + word + "' action needs a value, like '- " + word + ": ...'"
              : unknownKind(word));
          yield List.of();
        }
      };
    }
    if (!item.isMap()) {
      item.error(item.what() + " should be an action, like '- tag: done' or '- opt_out'; it is " + item.shape());
      return List.of();
    }
    YamlMap m = item.map().orElseThrow();
    List<YamlEntry> entries = m.entries();
    if (entries.isEmpty()) {
      m.error(item.what() + " is an empty action; write one like '- tag: done'");
      return List.of();
    }
    for (YamlEntry extra : entries.subList(1, entries.size())) {
      m.document().diagnostics().error(extra.keyPos(), "an action item holds one action, but '" + extra.key()
          + "' follows '" + entries.get(0).key() + "' in the same item; start it on its own line with '- "
          + extra.key() + ": ...'");
    }
    YamlEntry e = entries.get(0);
    YamlValue v = e.value().describedAs("the '" + e.key() + "' action");
    SourcePos pos = e.keyPos();
    return switch (e.key()) {
      case "set" -> setVars(v);
      case "contact" -> setContact(v);
      case "language" -> expression(v).<List<Action>>map(x -> List.of(new Action.SetLanguage(x, pos))).orElse(List.of());
      case "sms" -> TextReader.read(v).<List<Action>>map(t -> List.of(new Action.SendSms(t, pos))).orElse(List.of());
      case "subscribe" -> v.text().<List<Action>>map(c -> List.of(new Action.Subscribe(c, pos))).orElse(List.of());
      case "unsubscribe" -> v.text().<List<Action>>map(c -> List.of(new Action.Unsubscribe(c, pos))).orElse(List.of());
      case "tag" -> v.text().<List<Action>>map(t -> List.of(new Action.Tag(t, pos))).orElse(List.of());
      case "opt_out" -> bareWord(v, new Action.OptOut(pos));
      case "opt_in" -> bareWord(v, new Action.OptIn(pos));
      case "webhook" -> webhook(v, pos).<List<Action>>map(List::of).orElse(List.of());
      default -> {
        m.document().diagnostics().error(pos, unknownKind(e.key()));
        yield List.of();
      }
    };
  }

  private static String unknownKind(String word) {
    String hint = DidYouMean.hint(word, KINDS);
    return "unknown action '" + word + "'" + (hint.isEmpty() ? "; the actions are: " + String.join(", ", KINDS) : hint);
  }

  /** {@code - opt_out:} with nothing after it is the same as {@code - opt_out}. */
  private static List<Action> bareWord(YamlValue v, Action action) {
    if (v.isNull()) return List.of(action);
    v.error(v.what() + " takes no value; write just '- " + (action instanceof Action.OptOut ? "opt_out" : "opt_in") + "'");
    return List.of();
  }

  private static List<Action> setVars(YamlValue v) {
    List<Action> out = new ArrayList<>();
    v.map().ifPresent(m -> {
      if (m.isEmpty()) m.error("'set' needs at least one variable, like set: {score: \"vars.score + 1\"}");
      for (YamlEntry e : m.entries()) {
        if (!Names.checkVariable(e.key(), "variable", e.value())) continue;
        expression(e.value().describedAs("the value of '" + e.key() + "'"))
            .ifPresent(x -> out.add(new Action.SetVar(e.key(), x, e.keyPos())));
      }
    });
    return out;
  }

  private static List<Action> setContact(YamlValue v) {
    List<Action> out = new ArrayList<>();
    v.map().ifPresent(m -> {
      if (m.isEmpty()) m.error("'contact' needs at least one field, like contact: {district: \"answers.district\"}");
      for (YamlEntry e : m.entries()) {
        expression(e.value().describedAs("the value of contact field '" + e.key() + "'"))
            .ifPresent(x -> out.add(new Action.SetContact(e.key(), x, e.keyPos())));
      }
    });
    return out;
  }

  static Optional<Expression> expression(YamlValue v) {
    return v.text().map(source -> new Expression(source, v.pos()));
  }

  private static Optional<Action> webhook(YamlValue v, SourcePos pos) {
    Optional<YamlMap> maybe = v.map();
    if (maybe.isEmpty()) return Optional.empty();
    YamlMap m = maybe.get().describedAs("webhook");
    m.allowOnly(List.of("url", "method", "headers", "body", "save", "timeout", "on_error"));
    var diags = m.document().diagnostics();
    Optional<Template> url = m.required("url").flatMap(YamlValue::text)
        .map(u -> InsertionSites.url(Template.parse(u, m.optional("url").orElseThrow().pos(), diags)));
    String method = "POST";
    Optional<YamlValue> methodValue = m.optional("method");
    if (methodValue.isPresent()) {
      Optional<String> given = methodValue.get().text().map(s -> s.toUpperCase(Locale.ROOT));
      if (given.isPresent() && !given.get().equals("GET") && !given.get().equals("POST")) {
        methodValue.get().error("'method' should be GET or POST, not '" + given.get() + "'");
      }
      method = given.orElse(method);
    }
    Map<String, Template> headers = new LinkedHashMap<>();
    m.optional("headers").flatMap(YamlValue::map).ifPresent(h -> {
      for (YamlEntry e : h.entries()) {
        YamlValue hv = e.value().describedAs("header '" + e.key() + "'");
        hv.text().ifPresent(t -> headers.put(e.key(), InsertionSites.header(Template.parse(t, hv.pos(), diags))));
      }
    });
    Optional<YamlValue> bodyValue = m.optional("body");
    Optional<Template> body = bodyValue.flatMap(YamlValue::text)
        .map(b -> InsertionSites.body(Template.parse(b, bodyValue.get().pos(), diags), headers));
    Optional<String> save = Optional.empty();
    Optional<YamlValue> saveValue = m.optional("save");
    if (saveValue.isPresent()) {
      save = saveValue.get().text().filter(s -> Names.checkVariable(s, "variable", saveValue.get()));
    }
    Duration timeout = m.optional("timeout").flatMap(YamlValue::duration).orElse(DEFAULT_WEBHOOK_TIMEOUT);
    Optional<Ref> onError = m.optional("on_error").flatMap(RefReader::read);
    if (url.isEmpty()) return Optional.empty();
    return Optional.of(new Action.Webhook(url.get(), method, headers, body, save, timeout, onError, pos));
  }
}
