package io.pgsnap.restore;

import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.TableId;
import java.util.LinkedHashSet;
import java.util.Set;

/** How the server prints names in the definitions it deparses, to find them in that text. */
final class ServerRenderings {
  private ServerRenderings() {}

  /** {@code nextval} on a sequence as a serial default calls it, given the regclass text. */
  static String nextval(String regclassText) {
    return "nextval(" + Identifiers.literal(regclassText) + "::regclass)";
  }

  /** A name as {@code regclass} prints it with an empty search path. */
  static String regclassText(TableId id) {
    return Identifiers.quoteIdent(id.schema()) + "." + Identifiers.quoteIdent(id.name());
  }

  /** Every way the server may have printed a qualified name: see {@link #of(String)}. */
  static Set<String> of(TableId id) {
    Set<String> result = new LinkedHashSet<>();
    for (String schema : of(id.schema())) {
      for (String name : of(id.name())) {
        result.add(schema + "." + name);
      }
    }
    return result;
  }

  /**
   * Every way the server may have printed a name: as {@code quote_ident} does, bare when an older
   * server did not know it as a keyword yet, and quoted under {@code quote_all_identifiers}.
   */
  static Set<String> of(String name) {
    Set<String> result = new LinkedHashSet<>();
    result.add(Identifiers.quoteIdent(name));
    if (Identifiers.isBareIdentifier(name)) {
      result.add(name);
    }
    result.add(Identifiers.quote(name));
    return result;
  }
}
