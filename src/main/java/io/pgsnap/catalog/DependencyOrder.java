package io.pgsnap.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders objects so that each comes after everything it depends on: Kahn's algorithm with a
 * priority queue on (kind, name), so that the order is the same on every run. The dependencies are
 * those between recorded objects, found through any chain of objects that are not recorded (a
 * domain's constraint, a composite type's relation, an array type, an extension's member).
 *
 * @param <N> how the caller names an object in the dependency graph (e.g. its catalog and OID)
 */
final class DependencyOrder<N> {
  private final Map<N, Set<N>> edges = new HashMap<>();

  /** Records that {@code from} depends on {@code to}. */
  void depends(N from, N to) {
    edges.computeIfAbsent(from, k -> new HashSet<>()).add(to);
  }

  /**
   * The recorded objects in dependency order. A cycle, which the catalog allows only through later
   * {@code ALTER}s, is broken at its first object by (kind, name).
   *
   * @param recorded the objects to order, by their graph node
   */
  List<UsedObject> order(Map<N, UsedObject> recorded) {
    Comparator<N> byKindAndName =
        Comparator.comparing((N n) -> recorded.get(n).kind())
            .thenComparing(n -> recorded.get(n).displayName());
    Map<N, Set<N>> needs = new HashMap<>();
    Map<N, Set<N>> neededBy = new HashMap<>();
    for (N node : recorded.keySet()) {
      Set<N> deps = recordedDependencies(node, recorded.keySet());
      needs.put(node, deps);
      for (N dep : deps) {
        neededBy.computeIfAbsent(dep, k -> new HashSet<>()).add(node);
      }
    }
    PriorityQueue<N> ready = new PriorityQueue<>(byKindAndName);
    Set<N> pending = new HashSet<>(recorded.keySet());
    needs.forEach(
        (node, deps) -> {
          if (deps.isEmpty()) {
            ready.add(node);
          }
        });
    List<UsedObject> result = new ArrayList<>();
    while (!pending.isEmpty()) {
      if (ready.isEmpty()) {
        ready.add(pending.stream().min(byKindAndName).orElseThrow());
      }
      N next = ready.poll();
      if (!pending.remove(next)) {
        continue;
      }
      result.add(recorded.get(next));
      for (N dependent : neededBy.getOrDefault(next, Set.of())) {
        Set<N> left = needs.get(dependent);
        left.remove(next);
        if (left.isEmpty() && pending.contains(dependent)) {
          ready.add(dependent);
        }
      }
    }
    return result;
  }

  /** The recorded objects {@code node} reaches through unrecorded ones only. */
  private Set<N> recordedDependencies(N node, Set<N> recorded) {
    Set<N> found = new HashSet<>();
    Set<N> seen = new HashSet<>(Set.of(node));
    List<N> stack = new ArrayList<>(edges.getOrDefault(node, Set.of()));
    while (!stack.isEmpty()) {
      N next = stack.remove(stack.size() - 1);
      if (!seen.add(next)) {
        continue;
      }
      if (recorded.contains(next)) {
        found.add(next);
      } else {
        stack.addAll(edges.getOrDefault(next, Set.of()));
      }
    }
    found.remove(node);
    return found;
  }
}
