package org.kabambe.flow.validate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Finds loops in a small directed graph of vertices 0..n-1: one shortest representative cycle per strongly
 * connected component (Tarjan, linear time), starting at the component's lowest vertex so reports are stable.
 */
final class CycleFinder {
  private final int[][] next;
  private final int[] index;
  private final int[] low;
  private final boolean[] onStack;
  private final ArrayDeque<Integer> stack = new ArrayDeque<>();
  private final List<List<Integer>> cycles = new ArrayList<>();
  private int counter;

  private CycleFinder(int[][] next) {
    this.next = next;
    this.index = new int[next.length];
    this.low = new int[next.length];
    this.onStack = new boolean[next.length];
    Arrays.fill(index, -1);
  }

  /**
   * Each cycle as its vertices in order, the first repeated at the end ({@code [a, b, a]}); a vertex that leads
   * to itself gives {@code [a, a]}. {@code next[v]} lists v's successors.
   */
  static List<List<Integer>> cycles(int[][] next) {
    var finder = new CycleFinder(next);
    for (int v = 0; v < next.length; v++) {
      if (finder.index[v] < 0) finder.visit(v);
    }
    finder.cycles.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
    return finder.cycles;
  }

  // Tarjan with an explicit stack of (vertex, next successor to look at): a flow of thousands of nodes in one
  // chain would overflow the thread's stack if this recursed.
  private void visit(int root) {
    var frames = new ArrayDeque<int[]>();
    open(root);
    frames.push(new int[] {root, 0});
    while (!frames.isEmpty()) {
      int[] frame = frames.peek();
      int v = frame[0];
      if (frame[1] < next[v].length) {
        int w = next[v][frame[1]++];
        if (index[w] < 0) {
          open(w);
          frames.push(new int[] {w, 0});
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
        continue;
      }
      frames.pop();
      if (!frames.isEmpty()) {
        int parent = frames.peek()[0];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] == index[v]) closeComponent(v);
    }
  }

  private void open(int v) {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
  }

  private void closeComponent(int v) {
    var component = new ArrayList<Integer>();
    int w;
    do {
      w = stack.pop();
      onStack[w] = false;
      component.add(w);
    } while (w != v);
    boolean selfLoop = Arrays.stream(next[v]).anyMatch(x -> x == v);
    if (component.size() > 1 || selfLoop) cycles.add(shortestLoop(component));
  }

  /** Breadth-first from the component's lowest vertex back to itself, staying inside the component. */
  private List<Integer> shortestLoop(List<Integer> component) {
    boolean[] inside = new boolean[next.length];
    component.forEach(c -> inside[c] = true);
    int origin = component.stream().mapToInt(Integer::intValue).min().orElseThrow();
    int[] parent = new int[next.length];
    Arrays.fill(parent, -1);
    var queue = new ArrayDeque<Integer>();
    queue.add(origin);
    while (!queue.isEmpty()) {
      int v = queue.poll();
      for (int w : next[v]) {
        if (w == origin) return path(parent, v, origin);
        if (inside[w] && parent[w] < 0 && w != origin) {
          parent[w] = v;
          queue.add(w);
        }
      }
    }
    throw new IllegalStateException("a strongly connected component without a loop");
  }

  private static List<Integer> path(int[] parent, int last, int origin) {
    var reversed = new ArrayList<Integer>();
    reversed.add(origin);
    for (int v = last; v != origin; v = parent[v]) reversed.add(v);
    reversed.add(origin);
    Collections.reverse(reversed);
    return reversed;
  }
}
