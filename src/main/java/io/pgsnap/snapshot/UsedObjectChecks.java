package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.AclItem;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.snapshot.SqlLexer.Token;
import io.pgsnap.snapshot.StatementShape.Mismatch;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gate for a manifest's {@code objects}: every text of a used object that a restore embeds in
 * SQL is read with {@link SqlLexer} (and the JDBC driver's own splitting) before anything connects.
 * Names and literals are quoted by the restore itself; what is checked here is the server-printed
 * text it embeds as it is:
 *
 * <ul>
 *   <li>a function definition must be exactly one {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}
 *       statement on the function the entry names;
 *   <li>a type ({@code format_type} text) must keep its parentheses balanced and hold no top-level
 *       {@code ;} or {@code ,} (which would end the statement or add an attribute);
 *   <li>a default expression and a function's identity arguments must keep their parentheses
 *       balanced and hold no top-level {@code ;};
 *   <li>a domain constraint must be {@code CHECK (...)}, optionally {@code NOT VALID};
 *   <li>the texts quoted as literals or identifiers (locales, labels, versions, names) must hold no
 *       NUL, which no SQL string can carry.
 * </ul>
 */
final class UsedObjectChecks {
  private static final Set<String> PROVIDERS = Set.of("libc", "icu", "builtin");
  private static final String TAMPERED = "; the snapshot was tampered with or damaged";

  private UsedObjectChecks() {}

  /**
   * Checks one used object.
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming the object and what is wrong
   */
  static void check(UsedObject object) {
    try {
      texts(object.owner(), object.comment());
      for (String item : object.acl() == null ? List.<String>of() : object.acl()) {
        try {
          AclItem.parse(item, AclItem.OBJECT_LETTERS);
        } catch (IllegalArgumentException e) {
          throw new Mismatch("has the privilege '" + item + "', which " + e.getMessage());
        }
      }
      if (object instanceof UsedObject.Extension e) {
        texts(e.name(), e.version(), e.schema());
      } else if (object instanceof UsedObject.Schema s) {
        texts(s.name());
      } else if (object instanceof UsedObject.Collation c) {
        texts(c.collate(), c.ctype(), c.locale(), c.icuRules());
        if (!PROVIDERS.contains(c.provider())) {
          throw new Mismatch("has the provider \"" + c.provider() + "\", not libc, icu or builtin");
        }
      } else if (object instanceof UsedObject.EnumType e) {
        texts(e.labels().toArray(String[]::new));
      } else if (object instanceof UsedObject.Domain d) {
        domain(d);
      } else if (object instanceof UsedObject.CompositeType c) {
        for (UsedObject.Attribute a : c.attributes()) {
          texts(a.name());
          type(a.type(), "type of attribute " + a.name());
        }
      } else if (object instanceof UsedObject.RangeType r) {
        type(r.subtype(), "subtype");
      } else if (object instanceof UsedObject.Function f) {
        function(f);
      }
    } catch (Mismatch e) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY,
          "the manifest's objects entry for "
              + object.kind().name().toLowerCase(Locale.ROOT)
              + " "
              + object.displayName()
              + " "
              + e.getMessage()
              + TAMPERED);
    }
  }

  private static void domain(UsedObject.Domain d) throws Mismatch {
    type(d.baseType(), "base type");
    if (d.defaultValue() != null) {
      expression(d.defaultValue(), "default");
    }
    for (UsedObject.DomainConstraint c : d.constraints()) {
      texts(c.name());
      try {
        new StatementShape(DdlStatement.oneStatement(c.definition())).domainCheck();
      } catch (Mismatch e) {
        throw new Mismatch("has a constraint " + c.name() + " that " + e.getMessage());
      }
    }
  }

  private static void function(UsedObject.Function f) throws Mismatch {
    // The identity arguments name the function in COMMENT ON, ALTER and DROP FUNCTION.
    if (!f.arguments().isBlank()) {
      expression(f.arguments(), "argument list");
    }
    StatementShape shape = new StatementShape(DdlStatement.oneStatement(f.definition()));
    TableId created = shape.createRoutine(f.procedure());
    if (!created.equals(f.id())) {
      throw new Mismatch("has a definition that creates " + created.display() + " instead");
    }
  }

  /** A {@code format_type} text: one balanced run of tokens with no top-level ; or ,. */
  private static void type(String text, String what) throws Mismatch {
    for (Token t : fragment(text, what)) {
      if (t.depth() == 0 && t.is(",")) {
        throw new Mismatch("has a " + what + " with a comma outside parentheses");
      }
    }
  }

  /** An expression: balanced, with no top-level ;. */
  private static void expression(String text, String what) throws Mismatch {
    fragment(text, what);
  }

  private static List<Token> fragment(String text, String what) throws Mismatch {
    if (text.strip().endsWith(";")) {
      throw new Mismatch("has a " + what + " that ends a statement");
    }
    try {
      return DdlStatement.oneStatement(text);
    } catch (Mismatch e) {
      throw new Mismatch("has a " + what + " that " + e.getMessage());
    }
  }

  private static void texts(String... values) throws Mismatch {
    for (String v : values) {
      if (v != null && v.indexOf('\0') >= 0) {
        throw new Mismatch("has a name or text with a NUL character");
      }
    }
  }
}
