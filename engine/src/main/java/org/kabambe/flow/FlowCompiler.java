package org.kabambe.flow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kabambe.diag.Diagnostics;
import org.kabambe.expr.ExprCompiler;
import org.kabambe.expr.Expression;
import org.kabambe.expr.Scope;
import org.kabambe.expr.Template;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.flow.settings.TimeZones;
import org.kabambe.diag.DidYouMean;

/**
 * Gives a parsed flow its {@link Scope} (its answers, variables and the programme's contact fields, with their
 * types) and compiles every expression and checks every template against it, once, at load time.
 */
public final class FlowCompiler {
  private final ContactFields fields;

  public FlowCompiler(ContactFields fields) {
    this.fields = fields;
  }

  /** The flow with its scope filled in; every problem goes to {@code diagnostics}. */
  public Flow compile(Flow parsed, Diagnostics diagnostics) {
    Map<String, ValueType> answers = answerTypes(parsed, diagnostics);
    checkContactActions(parsed, diagnostics);
    Map<String, ValueType> vars = inferVariableTypes(parsed, answers);
    Flow flow = parsed.withScope(new Scope(answers, vars, fields.scope()));
    bindExpressions(flow, diagnostics);
    return flow;
  }

  /**
   * {@code answers.NAME} types: a menu saves text, an ask saves what its {@code expect} reads. The same name
   * saved with two types is an error at the second save (its node: saves carry no position of their own).
   */
  Map<String, ValueType> answerTypes(Flow flow, Diagnostics diagnostics) {
    Map<String, ValueType> types = new LinkedHashMap<>();
    Map<String, Node> savedBy = new LinkedHashMap<>();
    for (Node node : flow.nodes().values()) {
      String name;
      ValueType type;
      if (node instanceof Node.Menu m && m.save().isPresent()) {
        name = m.save().get();
        type = ValueType.TEXT;
      } else if (node instanceof Node.Ask a && a.save().isPresent()) {
        name = a.save().get();
        type = a.expect().valueType();
      } else {
        continue;
      }
      ValueType before = types.putIfAbsent(name, type);
      if (before == null) {
        savedBy.put(name, node);
      } else if (before != type) {
        Node first = savedBy.get(name);
        diagnostics.error(node.pos(), "answer '" + name + "' is saved as " + type.label() + " by node '"
            + node.id() + "', but as " + before.label() + " by node '" + first.id() + "' (line " + first.pos().line()
            + "); save one of them under another name");
      }
    }
    return types;
  }

  /** A {@code contact:} action may only write a field declared in fields.yaml (a time zone: a valid one). */
  void checkContactActions(Flow flow, Diagnostics diagnostics) {
    for (Action a : actions(flow)) {
      if (a instanceof Action.SetContact c && c.field().equals(TimeZones.FIELD)) {
        TimeZones.literalProblem(c.value().source())
            .ifPresent(p -> diagnostics.error(c.value().pos(), p));
      }
      if (!(a instanceof Action.SetContact c) || fields.declared().containsKey(c.field())) continue;
      String hint = DidYouMean.hint(c.field(), fields.declared().keySet());
      String builtIn = fields.scope().containsKey(c.field())
          ? "; '" + c.field() + "' is built in and cannot be set here" + (c.field().equals("language")
              ? " (use the 'language' action)" : "")
          : hint.isEmpty() ? "; declare it in fields.yaml" : hint;
      diagnostics.error(c.pos(), "contact field '" + c.field() + "' is not declared" + builtIn);
    }
  }

  /**
   * {@code vars.NAME} types, from their {@code set} expressions: each is first compiled with every variable
   * as DYN (a variable may be computed from another), and its result type becomes the variable's. A variable
   * set with two different types, or saved from a webhook's JSON, is DYN. Errors are reported by
   * {@link #bindExpressions}, not here.
   */
  Map<String, ValueType> inferVariableTypes(Flow flow, Map<String, ValueType> answers) {
    List<Action.SetVar> sets = new ArrayList<>();
    Set<String> fromWebhooks = new HashSet<>();
    for (Action a : actions(flow)) {
      if (a instanceof Action.SetVar s) sets.add(s);
      if (a instanceof Action.Webhook w) w.save().ifPresent(fromWebhooks::add);
    }
    Map<String, ValueType> allDyn = new LinkedHashMap<>();
    sets.forEach(s -> allDyn.put(s.name(), ValueType.DYN));
    fromWebhooks.forEach(n -> allDyn.put(n, ValueType.DYN));
    ExprCompiler provisional = new ExprCompiler(new Scope(answers, allDyn, fields.scope()));
    Map<String, ValueType> types = new LinkedHashMap<>();
    for (Action.SetVar s : sets) {
      ValueType t = provisional.bind(s.value(), ValueType.DYN, new Diagnostics()) ? s.value().resultType() : ValueType.DYN;
      types.merge(s.name(), t, (a, b) -> a == b ? a : ValueType.DYN);
    }
    fromWebhooks.forEach(n -> types.put(n, ValueType.DYN));
    return types;
  }

  /**
   * Compiles every expression (conditions must be yes/no; a contact value must fit its field; a language is
   * text) and checks every template's insertions, against the flow's scope.
   */
  public void bindExpressions(Flow flow, Diagnostics diagnostics) {
    ExprCompiler compiler = new ExprCompiler(flow.scope());
    for (Node node : flow.nodes().values()) {
      if (node instanceof Node.Menu m) {
        check(compiler, m.text(), diagnostics);
        m.invalid().ifPresent(t -> check(compiler, t, diagnostics));
        for (Node.MenuOption o : m.options()) {
          check(compiler, o.label(), diagnostics);
          o.when().ifPresent(w -> compiler.bind(w, ValueType.BOOL, diagnostics));
        }
      } else if (node instanceof Node.Ask a) {
        check(compiler, a.text(), diagnostics);
        a.invalid().ifPresent(t -> check(compiler, t, diagnostics));
      } else if (node instanceof Node.Say s) {
        check(compiler, s.text(), diagnostics);
      } else if (node instanceof Node.Route r) {
        r.branches().forEach(b -> compiler.bind(b.when(), ValueType.BOOL, diagnostics));
      } else if (node instanceof Node.Do d) {
        d.actions().forEach(a -> bindAction(compiler, a, diagnostics));
      } else if (node instanceof Node.End e) {
        check(compiler, e.text(), diagnostics);
        e.actions().forEach(a -> bindAction(compiler, a, diagnostics));
      }
      // RandomSplit and Call hold no expressions or texts
    }
  }

  private void bindAction(ExprCompiler compiler, Action action, Diagnostics diagnostics) {
    action.accept(new ActionBinding(compiler, diagnostics));
  }

  /** Binds an action's expressions and checks its texts; a visitor, so a new kind must say what it holds. */
  private final class ActionBinding implements Action.Visitor<Void> {
    private final ExprCompiler compiler;
    private final Diagnostics diagnostics;

    ActionBinding(ExprCompiler compiler, Diagnostics diagnostics) {
      this.compiler = compiler;
      this.diagnostics = diagnostics;
    }

    @Override
    public Void setVar(Action.SetVar s) {
      compiler.bind(s.value(), ValueType.DYN, diagnostics);
      return null;
    }

    @Override
    public Void setContact(Action.SetContact c) {
      ContactField field = fields.declared().get(c.field());
      if (field != null) compiler.bind(c.value(), field.type(), diagnostics); // undeclared: reported already
      return null;
    }

    @Override
    public Void setLanguage(Action.SetLanguage l) {
      compiler.bind(l.value(), ValueType.TEXT, diagnostics);
      return null;
    }

    @Override
    public Void sendSms(Action.SendSms s) {
      check(compiler, s.text(), diagnostics);
      return null;
    }

    @Override
    public Void webhook(Action.Webhook w) {
      compiler.check(w.url(), diagnostics);
      w.headers().values().forEach(h -> compiler.check(h, diagnostics));
      w.body().ifPresent(b -> compiler.check(b, diagnostics));
      return null;
    }

    // These hold plain names only.

    @Override
    public Void subscribe(Action.Subscribe a) {
      return null;
    }

    @Override
    public Void unsubscribe(Action.Unsubscribe a) {
      return null;
    }

    @Override
    public Void optOut(Action.OptOut a) {
      return null;
    }

    @Override
    public Void optIn(Action.OptIn a) {
      return null;
    }

    @Override
    public Void tag(Action.Tag a) {
      return null;
    }
  }

  private static void check(ExprCompiler compiler, Text text, Diagnostics diagnostics) {
    for (Template t : text.byLanguage().values()) compiler.check(t, diagnostics);
  }

  private static List<Action> actions(Flow flow) {
    List<Action> all = new ArrayList<>();
    for (Node node : flow.nodes().values()) {
      if (node instanceof Node.Do d) all.addAll(d.actions());
      if (node instanceof Node.End e) all.addAll(e.actions());
    }
    return all;
  }
}
