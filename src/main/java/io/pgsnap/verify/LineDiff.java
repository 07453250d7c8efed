package io.pgsnap.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal line diff: {@code - } for a line only the first side has, {@code + } for one only the
 * second has, in order. Pure, so that what the comparisons report is unit-tested.
 */
final class LineDiff {
  private LineDiff() {}

  /** The lines that differ between {@code a} and {@code b}; empty when they are equal. */
  static List<String> diff(List<String> a, List<String> b) {
    if (a.equals(b)) {
      return List.of();
    }
    // Longest common subsequence: a minimal diff, in order, so a moved line shows as moved.
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] =
            a.get(i).equals(b.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      if (a.get(i).equals(b.get(j))) {
        i++;
        j++;
      } else if (common[i + 1][j] >= common[i][j + 1]) {
        out.add("- " + a.get(i++));
      } else {
        out.add("+ " + b.get(j++));
      }
    }
    while (i < a.size()) {
      out.add("- " + a.get(i++));
    }
    while (j < b.size()) {
      out.add("+ " + b.get(j++));
    }
    return out;
  }
}
