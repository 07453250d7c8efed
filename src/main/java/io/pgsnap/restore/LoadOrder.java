package io.pgsnap.restore;

import io.pgsnap.catalog.TableId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The order in which restored tables are loaded: every table after the tables it references, ties
 * broken by name so the same restore always runs the same way. Tables that reference each other in
 * a cycle cannot all come after each other; the edges inside such a cycle are reported so that the
 * restore can drop those foreign keys while loading and add them again afterwards.
 *
 * @param tables the tables in load order
 * @param cycleEdges the references between tables of one cycle (self-references are not edges: COPY
 *     checks them at the end of the statement, after all rows are in)
 */
record LoadOrder(List<TableId> tables, List<Edge> cycleEdges) {

  LoadOrder {
    tables = List.copyOf(tables);
    cycleEdges = List.copyOf(cycleEdges);
  }

  /** {@code from} references {@code to}, so {@code to} loads first. */
  record Edge(TableId from, TableId to) {
    Edge {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /**
   * Orders {@code tables} by {@code references}; edges that leave the set or point back to their
   * own table are ignored.
   */
  static LoadOrder of(Collection<TableId> tables, Collection<Edge> references) {
    SortedSet<TableId> nodes = new TreeSet<>(tables);
    Map<TableId, SortedSet<TableId>> referenced = new TreeMap<>();
    for (TableId t : nodes) {
      referenced.put(t, new TreeSet<>());
    }
    for (Edge e : references) {
      if (nodes.contains(e.from()) && nodes.contains(e.to()) && !e.from().equals(e.to())) {
        referenced.get(e.from()).add(e.to());
      }
    }
    Map<TableId, Integer> component = components(nodes, referenced);

    // Kahn's algorithm over the components: a component is ready once every component its
    // members reference is loaded; its members then load together, in name order. A priority queue
    // on each component's first name keeps ties in name order.
    Map<Integer, SortedSet<TableId>> members = new TreeMap<>();
    nodes.forEach(t -> members.computeIfAbsent(component.get(t), k -> new TreeSet<>()).add(t));
    List<Edge> cycleEdges = new ArrayList<>();
    Map<Integer, Set<Integer>> waitsFor = new HashMap<>();
    Map<Integer, Set<Integer>> awaitedBy = new HashMap<>();
    members.keySet().forEach(c -> waitsFor.put(c, new java.util.HashSet<>()));
    for (TableId t : nodes) {
      for (TableId r : referenced.get(t)) {
        int from = component.get(t);
        int to = component.get(r);
        if (from == to) {
          cycleEdges.add(new Edge(t, r));
        } else if (waitsFor.get(from).add(to)) {
          awaitedBy.computeIfAbsent(to, k -> new java.util.HashSet<>()).add(from);
        }
      }
    }
    PriorityQueue<Integer> ready =
        new PriorityQueue<>(Comparator.comparing((Integer c) -> members.get(c).first()));
    waitsFor.forEach(
        (c, waits) -> {
          if (waits.isEmpty()) {
            ready.add(c);
          }
        });
    List<TableId> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      int c = ready.poll();
      order.addAll(members.get(c));
      for (int next : awaitedBy.getOrDefault(c, Set.of())) {
        Set<Integer> waits = waitsFor.get(next);
        waits.remove(c);
        if (waits.isEmpty()) {
          ready.add(next);
        }
      }
    }
    return new LoadOrder(order, cycleEdges);
  }

  /** Strongly connected components (Tarjan), as a component number per table. */
  private static Map<TableId, Integer> components(
      Set<TableId> nodes, Map<TableId, SortedSet<TableId>> edges) {
    Map<TableId, Integer> index = new HashMap<>();
    Map<TableId, Integer> low = new HashMap<>();
    Map<TableId, Integer> component = new HashMap<>();
    Deque<TableId> stack = new ArrayDeque<>();
    Set<TableId> onStack = new java.util.HashSet<>();
    int[] counter = {0, 0};
    for (TableId start : nodes) {
      if (index.containsKey(start)) {
        continue;
      }
      // Iterative depth-first search, so a long chain of references cannot overflow the stack.
      Deque<Object[]> work = new ArrayDeque<>();
      work.push(new Object[] {start, new ArrayList<>(edges.get(start)).iterator()});
      index.put(start, counter[0]);
      low.put(start, counter[0]);
      counter[0]++;
      stack.push(start);
      onStack.add(start);
      while (!work.isEmpty()) {
        Object[] frame = work.peek();
        TableId v = (TableId) frame[0];
        @SuppressWarnings("unchecked")
        java.util.Iterator<TableId> next = (java.util.Iterator<TableId>) frame[1];
        if (next.hasNext()) {
          TableId w = next.next();
          if (!index.containsKey(w)) {
            index.put(w, counter[0]);
            low.put(w, counter[0]);
            counter[0]++;
            stack.push(w);
            onStack.add(w);
            work.push(new Object[] {w, new ArrayList<>(edges.get(w)).iterator()});
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
          continue;
        }
        work.pop();
        if (!work.isEmpty()) {
          TableId parent = (TableId) work.peek()[0];
          low.put(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v).equals(index.get(v))) {
          TableId w;
          do {
            w = stack.pop();
            onStack.remove(w);
            component.put(w, counter[1]);
          } while (!w.equals(v));
          counter[1]++;
        }
      }
    }
    return component;
  }
}
