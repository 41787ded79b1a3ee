package org.kabambe.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Expression;
import org.kabambe.flow.expect.Expect;

/** One step of a flow. Each kind is one record; the key under the node id names the kind in YAML. */
public sealed interface Node {
  String id();

  SourcePos pos();

  /** The nodes this one can lead to (for the validator and the graph). */
  List<Ref> exits();

  /** Whether this node shows something to the participant (and so ends a step). */
  default boolean shows() {
    return false;
  }

  /** The YAML key of this kind. */
  String kind();

  /** A menu of numbered options; waits for a choice. */
  record Menu(String id, SourcePos pos, Text text, List<MenuOption> options, Optional<String> save,
              Optional<Text> invalid) implements Node {
    public Menu {
      options = List.copyOf(options);
    }

    public List<Ref> exits() {
      return options.stream().map(MenuOption::target).toList();
    }

    public boolean shows() {
      return true;
    }

    public String kind() {
      return "menu";
    }
  }

  /** One menu option; {@code when} hides it unless true; {@code value} is what {@code save} stores. */
  record MenuOption(Text label, Ref target, Optional<String> value, Optional<Expression> when, SourcePos pos) {}

  /** A question with typed free input. {@code retries} 0 means re-ask forever. */
  record Ask(String id, SourcePos pos, Text text, Expect expect, Optional<Text> invalid, Optional<String> save,
             Ref next, int retries, Optional<Ref> onRetriesExhausted) implements Node {
    public List<Ref> exits() {
      return onRetriesExhausted.isPresent() ? List.of(next, onRetriesExhausted.get()) : List.of(next);
    }

    public boolean shows() {
      return true;
    }

    public String kind() {
      return "ask";
    }
  }

  /** Information; over USSD shown above the next screen when it fits. */
  record Say(String id, SourcePos pos, Text text, Ref next) implements Node {
    public List<Ref> exits() {
      return List.of(next);
    }

    public boolean shows() {
      return true;
    }

    public String kind() {
      return "say";
    }
  }

  /** Conditional branching: the first branch whose condition holds, else {@code otherwise}. */
  record Route(String id, SourcePos pos, List<Branch> branches, Ref otherwise) implements Node {
    public Route {
      branches = List.copyOf(branches);
    }

    public List<Ref> exits() {
      var refs = new ArrayList<Ref>(branches.stream().map(Branch::target).toList());
      refs.add(otherwise);
      return List.copyOf(refs);
    }

    public String kind() {
      return "route";
    }
  }

  record Branch(Expression when, Ref target) {}

  /** A seeded, recorded random split (A/B arms): the same participant always gets the same arm. */
  record RandomSplit(String id, SourcePos pos, List<Arm> arms) implements Node {
    public RandomSplit {
      arms = List.copyOf(arms);
    }

    public List<Ref> exits() {
      return arms.stream().map(Arm::target).toList();
    }

    public String kind() {
      return "route";
    }

    public int totalWeight() {
      return arms.stream().mapToInt(Arm::weight).sum();
    }
  }

  record Arm(int weight, Ref target, SourcePos pos) {}

  /** Runs actions without showing anything. */
  record Do(String id, SourcePos pos, List<Action> actions, Ref next) implements Node {
    public Do {
      actions = List.copyOf(actions);
    }

    public List<Ref> exits() {
      var refs = new ArrayList<Ref>();
      refs.add(next);
      actions.forEach(a -> a.onError().ifPresent(refs::add));
      return List.copyOf(refs);
    }

    public String kind() {
      return "do";
    }
  }

  /** The last screen; its actions run before it is shown. */
  record End(String id, SourcePos pos, Text text, List<Action> actions) implements Node {
    public End {
      actions = List.copyOf(actions);
    }

    public List<Ref> exits() {
      return List.of();
    }

    public boolean shows() {
      return true;
    }

    public String kind() {
      return "end";
    }
  }

  /** Runs another flow (by id) from its start and comes back to {@code next} when it ends. */
  record Call(String id, SourcePos pos, String flow, SourcePos flowPos, Ref next) implements Node {
    public List<Ref> exits() {
      return List.of(next);
    }

    public String kind() {
      return "call";
    }
  }
}
