package org.kabambe.flow.validate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.settings.NavigationWords;

/**
 * A flow's nodes as a graph over indices in file order, built once per validation and shared by the checks.
 * Edges follow only references to existing nodes; unknown ones are reported separately.
 */
final class FlowGraph {
  final Flow flow;
  /** The programme's navigation words (flows/navigation.yaml): part of every USSD screen's length. */
  final NavigationWords navigation;
  final List<Node> nodes;
  final int[][] next;
  /** Start node index, or -1 when the start names no node. */
  final int start;
  /** Nodes with a reference to a missing node: already an error, so not also blamed for where they lead. */
  final boolean[] brokenRef;
  private final Map<String, Integer> index = new HashMap<>();
  private boolean[] reachable;
  private boolean[] reachesEnd;
  private List<List<Integer>> inputFreeLoops;
  private boolean[] inInputFreeLoop;
  private boolean[] shownAfterAnswer;

  FlowGraph(Flow flow) {
    this(flow, NavigationWords.DEFAULTS);
  }

  FlowGraph(Flow flow, NavigationWords navigation) {
    this.flow = flow;
    this.navigation = navigation;
    this.nodes = List.copyOf(flow.nodes().values());
    for (int i = 0; i < nodes.size(); i++) index.put(nodes.get(i).id(), i);
    this.next = new int[nodes.size()][];
    this.brokenRef = new boolean[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      var targets = new ArrayList<Integer>();
      for (var r : NodeRefs.of(nodes.get(i))) {
        Integer t = index.get(r.ref().node());
        if (t == null) brokenRef[i] = true;
        else targets.add(t);
      }
      next[i] = targets.stream().mapToInt(Integer::intValue).distinct().toArray();
    }
    this.start = index.getOrDefault(flow.start().node(), -1);
  }

  boolean exists(String nodeId) {
    return index.containsKey(nodeId);
  }

  int size() {
    return nodes.size();
  }

  /** Nodes a participant can get to from the start (none when the start itself is unknown). */
  boolean[] reachable() {
    if (reachable == null) {
      reachable = new boolean[size()];
      if (start >= 0) spread(new int[] {start}, next, reachable);
    }
    return reachable;
  }

  /** Nodes from which some path reaches an {@code end} (or a broken reference, which is reported already). */
  boolean[] reachesEnd() {
    if (reachesEnd == null) {
      int[][] previous = reverse(next);
      var seeds = new ArrayList<Integer>();
      for (int i = 0; i < size(); i++) {
        if (nodes.get(i) instanceof Node.End || brokenRef[i]) seeds.add(i);
      }
      reachesEnd = new boolean[size()];
      spread(seeds.stream().mapToInt(Integer::intValue).toArray(), previous, reachesEnd);
    }
    return reachesEnd;
  }

  /**
   * Loops made only of nodes that never wait for the participant (route, random, do, call, say): they would
   * spin forever. Each as node indices, first repeated last; loops in unreachable code are left out.
   */
  List<List<Integer>> inputFreeLoops() {
    if (inputFreeLoops == null) {
      int[][] inputFree = new int[size()][];
      for (int v = 0; v < size(); v++) {
        inputFree[v] = waitsOrEnds(nodes.get(v))
            ? new int[0]
            : Arrays.stream(next[v]).filter(w -> !waitsOrEnds(nodes.get(w))).toArray();
      }
      boolean[] live = reachable();
      inputFreeLoops = CycleFinder.cycles(inputFree).stream()
          .filter(c -> start < 0 || c.stream().anyMatch(v -> live[v]))
          .toList();
      inInputFreeLoop = new boolean[size()];
      inputFreeLoops.forEach(c -> c.forEach(v -> inInputFreeLoop[v] = true));
    }
    return inputFreeLoops;
  }

  /**
   * Nodes that can be shown after the participant answered a menu or ask (through nodes that show nothing on
   * their own): there the engine adds "0 Back". A flow's first screen goes without it, also when another flow
   * calls this one after a screen of its own (callers are not known to a single flow's check).
   */
  boolean shownAfterAnswer(int v) {
    if (shownAfterAnswer == null) {
      int[][] throughShowless = new int[size()][];
      var seeds = new ArrayList<Integer>();
      for (int u = 0; u < size(); u++) {
        boolean waits = nodes.get(u) instanceof Node.Menu || nodes.get(u) instanceof Node.Ask;
        throughShowless[u] = waits ? new int[0] : next[u];
        if (waits) for (int w : next[u]) seeds.add(w);
      }
      shownAfterAnswer = new boolean[size()];
      spread(seeds.stream().mapToInt(Integer::intValue).toArray(), throughShowless, shownAfterAnswer);
    }
    return shownAfterAnswer[v];
  }

  int indexOf(String nodeId) {
    return index.getOrDefault(nodeId, -1);
  }

  boolean inInputFreeLoop(int v) {
    inputFreeLoops();
    return inInputFreeLoop[v];
  }

  private static boolean waitsOrEnds(Node node) {
    // say shows text but does not wait: over USSD it is shown above the next screen, so it counts as input-free
    return node instanceof Node.Menu || node instanceof Node.Ask || node instanceof Node.End;
  }

  private static void spread(int[] seeds, int[][] edges, boolean[] seen) {
    var queue = new ArrayDeque<Integer>();
    for (int s : seeds) {
      if (!seen[s]) {
        seen[s] = true;
        queue.add(s);
      }
    }
    while (!queue.isEmpty()) {
      for (int w : edges[queue.poll()]) {
        if (!seen[w]) {
          seen[w] = true;
          queue.add(w);
        }
      }
    }
  }

  private static int[][] reverse(int[][] edges) {
    int[] counts = new int[edges.length];
    for (int[] out : edges) for (int w : out) counts[w]++;
    int[][] reversed = new int[edges.length][];
    for (int i = 0; i < edges.length; i++) reversed[i] = new int[counts[i]];
    int[] fill = new int[edges.length];
    for (int v = 0; v < edges.length; v++) for (int w : edges[v]) reversed[w][fill[w]++] = v;
    return reversed;
  }
}
