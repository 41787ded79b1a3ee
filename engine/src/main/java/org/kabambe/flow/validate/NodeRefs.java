package org.kabambe.flow.validate;

import java.util.ArrayList;
import java.util.List;
import org.kabambe.flow.Action;
import org.kabambe.flow.Node;
import org.kabambe.flow.Ref;

/** Every reference a node makes, named by the YAML field it was written in, so findings can name the field. */
final class NodeRefs {
  /** A reference and the field that holds it ({@code goto}, {@code next}, {@code else}...). */
  record FieldRef(String field, Ref ref) {}

  private NodeRefs() {}

  static List<FieldRef> of(Node node) {
    var refs = new ArrayList<FieldRef>();
    if (node instanceof Node.Menu m) {
      m.options().forEach(o -> refs.add(new FieldRef("goto", o.target())));
    } else if (node instanceof Node.Ask a) {
      refs.add(new FieldRef("next", a.next()));
      a.onRetriesExhausted().ifPresent(r -> refs.add(new FieldRef("on_retries_exhausted", r)));
    } else if (node instanceof Node.Say s) {
      refs.add(new FieldRef("next", s.next()));
    } else if (node instanceof Node.Route r) {
      r.branches().forEach(b -> refs.add(new FieldRef("goto", b.target())));
      refs.add(new FieldRef("else", r.otherwise()));
    } else if (node instanceof Node.RandomSplit r) {
      r.arms().forEach(a -> refs.add(new FieldRef("goto", a.target())));
    } else if (node instanceof Node.Do d) {
      refs.add(new FieldRef("next", d.next()));
      addOnError(d.actions(), refs);
    } else if (node instanceof Node.End e) {
      // An end's webhook can fail too; its on_error leads on (Node.End.exits() does not list it).
      addOnError(e.actions(), refs);
    } else if (node instanceof Node.Call c) {
      refs.add(new FieldRef("next", c.next()));
    }
    return refs;
  }

  private static void addOnError(List<Action> actions, List<FieldRef> refs) {
    actions.forEach(a -> a.onError().ifPresent(r -> refs.add(new FieldRef("on_error", r))));
  }
}
