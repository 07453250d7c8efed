package io.pgsnap.fingerprint;

/**
 * JSON's number grammar, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, as a state machine
 * over bytes, so a number is checked as it streams past.
 */
final class NumberGrammar {
  private int state;

  void reset() {
    state = 0;
  }

  boolean accepts(byte b) {
    boolean digit = b >= '0' && b <= '9';
    int next =
        switch (state) {
          case 0 -> b == '-' ? 1 : b == '0' ? 3 : digit ? 2 : -1;
          case 1 -> b == '0' ? 3 : digit ? 2 : -1;
          case 2 -> digit ? 2 : b == '.' ? 4 : b == 'e' || b == 'E' ? 6 : -1;
          case 3 -> b == '.' ? 4 : b == 'e' || b == 'E' ? 6 : -1;
          case 4, 5 -> digit ? 5 : state == 5 && (b == 'e' || b == 'E') ? 6 : -1;
          case 6 -> b == '+' || b == '-' ? 7 : digit ? 8 : -1;
          default -> digit ? 8 : -1;
        };
    if (next < 0) {
      return false;
    }
    state = next;
    return true;
  }

  boolean complete() {
    return state == 2 || state == 3 || state == 5 || state == 8;
  }
}
