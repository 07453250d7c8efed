package io.pgsnap.restore;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a target column can hold every value of a snapshot column unchanged, judged from the two
 * types as {@code format_type} prints them. Only conversions known to keep every value are
 * lossless; anything else counts as a change, since COPY would round, cut or reinterpret values
 * silently ({@code numeric(4,1)} rounds 1.239 to 1.2, {@code date} drops the time of a timestamp).
 */
final class ColumnTypes {
  /** How a snapshot column's values fare in a target column. */
  enum Fit {
    /** The same type. */
    SAME,
    /** Another type that holds every value unchanged. */
    WIDER,
    /** Another type that may change values. */
    CHANGES_VALUES
  }

  private static final List<String> INTEGERS = List.of("smallint", "integer", "bigint");

  /** Decimal digits an integer type's values can have. */
  private static final List<Integer> INTEGER_DIGITS = List.of(5, 10, 19);

  private static final Pattern NUMERIC = Pattern.compile("numeric(?:\\((\\d+),(\\d+)\\))?");
  private static final Pattern VARCHAR = Pattern.compile("character varying(?:\\((\\d+)\\))?");
  private static final Pattern TIMESTAMP =
      Pattern.compile("(timestamp|time)(?:\\((\\d)\\))? (with|without) time zone");

  private ColumnTypes() {}

  static Fit fit(String snapshot, String target) {
    if (snapshot.equals(target)) {
      return Fit.SAME;
    }
    // Every value COPY writes is its type's output text; a text column keeps that text as it is.
    if (target.equals("text") || target.equals("character varying")) {
      return snapshot.endsWith("[]") ? Fit.CHANGES_VALUES : Fit.WIDER;
    }
    return wider(snapshot, target) ? Fit.WIDER : Fit.CHANGES_VALUES;
  }

  private static boolean wider(String snapshot, String target) {
    int from = INTEGERS.indexOf(snapshot);
    if (from >= 0) {
      int to = INTEGERS.indexOf(target);
      if (to >= 0) {
        return to >= from;
      }
      return numeric(target)
          .map(n -> n.unconstrained() || n.integerDigits() >= INTEGER_DIGITS.get(from))
          .orElse(false);
    }
    if (snapshot.equals("real")) {
      return target.equals("double precision");
    }
    Optional<Numeric> fromNumeric = numeric(snapshot);
    if (fromNumeric.isPresent()) {
      return numeric(target).map(to -> to.holds(fromNumeric.get())).orElse(false);
    }
    Matcher fromVarchar = VARCHAR.matcher(snapshot);
    if (fromVarchar.matches()) {
      Matcher toVarchar = VARCHAR.matcher(target);
      return toVarchar.matches()
          && fromVarchar.group(1) != null
          && (toVarchar.group(1) == null
              || Integer.parseInt(toVarchar.group(1)) >= Integer.parseInt(fromVarchar.group(1)));
    }
    Matcher fromTime = TIMESTAMP.matcher(snapshot);
    Matcher toTime = TIMESTAMP.matcher(target);
    if (fromTime.matches() && toTime.matches()) {
      // Only more fractional digits; with and without time zone read values differently.
      return fromTime.group(1).equals(toTime.group(1))
          && fromTime.group(3).equals(toTime.group(3))
          && precision(toTime.group(2)) >= precision(fromTime.group(2));
    }
    return snapshot.equals("date") && target.equals("timestamp without time zone");
  }

  private static int precision(String digits) {
    return digits == null ? 6 : Integer.parseInt(digits);
  }

  /** A numeric type: unconstrained, or with precision and scale. */
  private record Numeric(int precision, int scale) {
    boolean unconstrained() {
      return precision < 0;
    }

    int integerDigits() {
      return precision - scale;
    }

    boolean holds(Numeric values) {
      return unconstrained()
          || (!values.unconstrained()
              && scale >= values.scale
              && integerDigits() >= values.integerDigits());
    }
  }

  private static Optional<Numeric> numeric(String type) {
    Matcher m = NUMERIC.matcher(type);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        m.group(1) == null
            ? new Numeric(-1, 0)
            : new Numeric(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
  }
}
