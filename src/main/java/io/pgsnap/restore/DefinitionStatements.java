package io.pgsnap.restore;

import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.snapshot.DdlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The statements that create the objects the restored tables use ({@link UsedObject}), generated
 * from the records' fields with every identifier quoted and every literal quoted; the only text
 * taken as it is, a function definition, type names and expressions, passed the snapshot gate.
 */
final class DefinitionStatements {
  private DefinitionStatements() {}

  /** As pg_dump does: a function body may name what is created after it. */
  static PlannedStatement noFunctionBodyChecks() {
    return new PlannedStatement(
        "SET LOCAL check_function_bodies = off",
        "letting functions be created before what their bodies use",
        null);
  }

  /** The statements that create {@code object}, its comment included. */
  static List<PlannedStatement> create(UsedObject object) {
    List<String> sql = new ArrayList<>();
    if (object instanceof UsedObject.Extension e) {
      sql.add(
          "CREATE EXTENSION IF NOT EXISTS "
              + Identifiers.quote(e.name())
              + " WITH SCHEMA "
              + Identifiers.quote(e.schema())
              + " VERSION "
              + Identifiers.literal(e.version()));
    } else if (object instanceof UsedObject.Schema s) {
      sql.add("CREATE SCHEMA " + Identifiers.quote(s.name()));
    } else if (object instanceof UsedObject.Collation c) {
      sql.add("CREATE COLLATION " + c.id().sql() + " (" + collationOptions(c) + ")");
    } else if (object instanceof UsedObject.EnumType e) {
      sql.add(
          "CREATE TYPE "
              + e.id().sql()
              + " AS ENUM ("
              + e.labels().stream().map(Identifiers::literal).collect(Collectors.joining(", "))
              + ")");
    } else if (object instanceof UsedObject.Domain d) {
      sql.add(
          "CREATE DOMAIN "
              + d.id().sql()
              + " AS "
              + d.baseType()
              + (d.collation() == null ? "" : " COLLATE " + d.collation().sql())
              + (d.defaultValue() == null || defaultNeedsSequence(d)
                  ? ""
                  : " DEFAULT " + d.defaultValue())
              + (d.notNull() ? " NOT NULL" : ""));
      for (UsedObject.DomainConstraint c : d.constraints()) {
        sql.add(
            "ALTER DOMAIN "
                + d.id().sql()
                + " ADD CONSTRAINT "
                + Identifiers.quote(c.name())
                + " "
                + c.definition());
      }
    } else if (object instanceof UsedObject.CompositeType c) {
      sql.add(
          "CREATE TYPE "
              + c.id().sql()
              + " AS ("
              + c.attributes().stream()
                  .map(
                      a ->
                          Identifiers.quote(a.name())
                              + " "
                              + a.type()
                              + (a.collation() == null ? "" : " COLLATE " + a.collation().sql()))
                  .collect(Collectors.joining(", "))
              + ")");
    } else if (object instanceof UsedObject.RangeType r) {
      sql.add("CREATE TYPE " + r.id().sql() + " AS RANGE (" + rangeOptions(r) + ")");
    } else if (object instanceof UsedObject.Function f) {
      sql.add(DdlStatement.createRoutine(f));
    }
    String comment = commentSql(object);
    if (comment != null) {
      sql.add(comment);
    }
    String what = describe(object);
    return sql.stream()
        .map(
            s ->
                new PlannedStatement(
                    s,
                    "creating " + what,
                    object instanceof UsedObject.Extension
                        ? "Creating an extension needs the privileges its script asks for (often"
                            + " a superuser): create it first, as a role that may"
                        : "Creating "
                            + what
                            + " needs CREATE on its schema: grant it, or create it first"))
        .toList();
  }

  /**
   * The defaults of domains that draw from a sequence ({@code nextval}), set once the restore's
   * sequences exist: standalone sequences are created with the tables, after the types.
   */
  static List<PlannedStatement> sequenceDefaults(List<UsedObject> created) {
    return created.stream()
        .filter(o -> o instanceof UsedObject.Domain d && defaultNeedsSequence(d))
        .map(o -> (UsedObject.Domain) o)
        .map(
            d ->
                new PlannedStatement(
                    "ALTER DOMAIN " + d.id().sql() + " SET DEFAULT " + d.defaultValue(),
                    "setting the default of " + describe(d),
                    null))
        .toList();
  }

  private static boolean defaultNeedsSequence(UsedObject.Domain d) {
    return d.defaultValue() != null && d.defaultValue().contains("nextval(");
  }

  /** The statement that drops {@code object} again, for a parallel restore that failed. */
  static PlannedStatement drop(UsedObject object) {
    String dropped =
        switch (object.kind()) {
          case EXTENSION -> "EXTENSION IF EXISTS " + Identifiers.quote(object.displayName());
          case SCHEMA -> "SCHEMA IF EXISTS " + Identifiers.quote(object.displayName());
          case COLLATION -> "COLLATION IF EXISTS " + ((UsedObject.Collation) object).id().sql();
          case DOMAIN -> "DOMAIN IF EXISTS " + ((UsedObject.Domain) object).id().sql();
          case ENUM, COMPOSITE, RANGE -> "TYPE IF EXISTS " + typeId(object).sql();
          case FUNCTION -> routine((UsedObject.Function) object, "IF EXISTS ");
        };
    return new PlannedStatement("DROP " + dropped, "dropping " + describe(object), null);
  }

  /** How messages name an object: {@code type kinds.mood}, {@code function kinds.f(integer)}. */
  static String describe(UsedObject object) {
    String kind =
        switch (object.kind()) {
          case ENUM, COMPOSITE, RANGE -> "type";
          case FUNCTION -> ((UsedObject.Function) object).procedure() ? "procedure" : "function";
          default -> object.kind().name().toLowerCase(Locale.ROOT);
        };
    return kind + " " + object.displayName();
  }

  private static String collationOptions(UsedObject.Collation c) {
    List<String> options = new ArrayList<>();
    options.add("provider = " + c.provider());
    if (c.collate() != null) {
      options.add("lc_collate = " + Identifiers.literal(c.collate()));
    }
    if (c.ctype() != null) {
      options.add("lc_ctype = " + Identifiers.literal(c.ctype()));
    }
    if (c.locale() != null) {
      options.add("locale = " + Identifiers.literal(c.locale()));
    }
    if (c.icuRules() != null) {
      options.add("rules = " + Identifiers.literal(c.icuRules()));
    }
    if (!c.deterministic()) {
      options.add("deterministic = false");
    }
    return String.join(", ", options);
  }

  private static String rangeOptions(UsedObject.RangeType r) {
    List<String> options = new ArrayList<>();
    options.add("SUBTYPE = " + r.subtype());
    if (r.subtypeOpclass() != null) {
      options.add("SUBTYPE_OPCLASS = " + r.subtypeOpclass().sql());
    }
    if (r.collation() != null) {
      options.add("COLLATION = " + r.collation().sql());
    }
    if (r.canonical() != null) {
      options.add("CANONICAL = " + r.canonical().sql());
    }
    if (r.subtypeDiff() != null) {
      options.add("SUBTYPE_DIFF = " + r.subtypeDiff().sql());
    }
    options.add("MULTIRANGE_TYPE_NAME = " + r.multirange().sql());
    return String.join(", ", options);
  }

  private static String commentSql(UsedObject object) {
    // An extension's comment comes with it, from its control file.
    if (object.comment() == null || object instanceof UsedObject.Extension) {
      return null;
    }
    String target =
        switch (object.kind()) {
          case SCHEMA -> "SCHEMA " + Identifiers.quote(object.displayName());
          case COLLATION -> "COLLATION " + ((UsedObject.Collation) object).id().sql();
          case DOMAIN -> "DOMAIN " + ((UsedObject.Domain) object).id().sql();
          case ENUM, COMPOSITE, RANGE -> "TYPE " + typeId(object).sql();
          case FUNCTION -> routine((UsedObject.Function) object, "");
          case EXTENSION -> throw new IllegalStateException("extensions keep their own comment");
        };
    return "COMMENT ON " + target + " IS " + Identifiers.literal(object.comment());
  }

  private static String routine(UsedObject.Function f, String ifExists) {
    return (f.procedure() ? "PROCEDURE " : "FUNCTION ")
        + ifExists
        + f.id().sql()
        + "("
        + f.arguments()
        + ")";
  }

  private static TableId typeId(UsedObject object) {
    if (object instanceof UsedObject.EnumType e) {
      return e.id();
    } else if (object instanceof UsedObject.CompositeType c) {
      return c.id();
    } else if (object instanceof UsedObject.RangeType r) {
      return r.id();
    }
    throw new IllegalArgumentException(object.kind() + " is no type made by CREATE TYPE");
  }
}
