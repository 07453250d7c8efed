package io.pgsnap.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * An object the exported tables use, found by following {@code pg_depend} from them: the schema,
 * type, collation or function a column, default, check, index, trigger, policy or rule needs, and
 * what those need in turn. An object that belongs to an extension is not recorded itself; its
 * {@link Extension} is. Objects of {@code pg_catalog} and {@code information_schema} are never
 * recorded.
 *
 * <p>Definitions are kept as structured fields wherever the catalog has them, so a restore
 * generates its statements with every identifier quoted; server-printed text is kept only where
 * there is no structure to keep ({@code format_type} texts, expressions, function definitions).
 *
 * <p>Every kind records {@code owner} (a role name), {@code acl} ({@code aclitem} texts, {@code
 * null} for the default privileges) and {@code comment} where the catalog has them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = UsedObject.Extension.class, name = "extension"),
  @JsonSubTypes.Type(value = UsedObject.Schema.class, name = "schema"),
  @JsonSubTypes.Type(value = UsedObject.Collation.class, name = "collation"),
  @JsonSubTypes.Type(value = UsedObject.EnumType.class, name = "enum"),
  @JsonSubTypes.Type(value = UsedObject.Domain.class, name = "domain"),
  @JsonSubTypes.Type(value = UsedObject.CompositeType.class, name = "composite"),
  @JsonSubTypes.Type(value = UsedObject.RangeType.class, name = "range"),
  @JsonSubTypes.Type(value = UsedObject.Function.class, name = "function")
})
public sealed interface UsedObject {

  /** The kinds, in the order a restore creates them when nothing else decides. */
  enum Kind {
    EXTENSION,
    SCHEMA,
    COLLATION,
    ENUM,
    DOMAIN,
    COMPOSITE,
    RANGE,
    FUNCTION
  }

  @JsonIgnore
  Kind kind();

  /**
   * The object's name for people and for sorting: {@code schema.name}, or the bare name of a schema
   * or extension, and a function's identity arguments in parentheses.
   */
  @JsonIgnore
  String displayName();

  String owner();

  String comment();

  /**
   * The privileges as {@code aclitem} texts, {@code null} for the default; always {@code null} for
   * extensions and collations, which have none.
   */
  default List<String> acl() {
    return null;
  }

  /** The same object without owner, privileges and comment: what "the same definition" compares. */
  UsedObject withoutOwnership();

  /**
   * An extension that owns a used object ({@code CREATE EXTENSION}).
   *
   * @param name the extension's name
   * @param version its installed version ({@code extversion})
   * @param schema the schema its objects live in ({@code extnamespace})
   */
  record Extension(String name, String version, String schema, String owner, String comment)
      implements UsedObject {
    public Extension {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(schema, "schema");
    }

    @Override
    public Kind kind() {
      return Kind.EXTENSION;
    }

    @Override
    public String displayName() {
      return name;
    }

    @Override
    public Extension withoutOwnership() {
      return new Extension(name, version, schema, null, null);
    }
  }

  /** A schema that holds a table or a used object. */
  record Schema(String name, String owner, List<String> acl, String comment) implements UsedObject {
    public Schema {
      Objects.requireNonNull(name, "name");
      acl = acl == null ? null : List.copyOf(acl);
    }

    @Override
    public Kind kind() {
      return Kind.SCHEMA;
    }

    @Override
    public String displayName() {
      return name;
    }

    @Override
    public Schema withoutOwnership() {
      return new Schema(name, null, null, null);
    }
  }

  /**
   * A collation ({@code pg_collation}), the same on every major: what PostgreSQL 15 and 16 call
   * {@code colliculocale} and 17 {@code colllocale} is {@code locale}.
   *
   * @param provider {@code libc}, {@code icu} or {@code builtin}
   * @param collate {@code LC_COLLATE} of a libc collation, {@code null} for the other providers
   * @param ctype {@code LC_CTYPE} of a libc collation, {@code null} for the other providers
   * @param locale the locale of an ICU or builtin collation, {@code null} for libc
   * @param icuRules the ICU tailoring rules (PostgreSQL 16 on), or {@code null}
   * @param deterministic whether strings that differ bytewise never compare equal
   */
  record Collation(
      TableId id,
      String provider,
      String collate,
      String ctype,
      String locale,
      String icuRules,
      boolean deterministic,
      String owner,
      String comment)
      implements UsedObject {
    public Collation {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(provider, "provider");
    }

    @Override
    public Kind kind() {
      return Kind.COLLATION;
    }

    @Override
    public String displayName() {
      return id.toString();
    }

    @Override
    public Collation withoutOwnership() {
      return new Collation(
          id, provider, collate, ctype, locale, icuRules, deterministic, null, null);
    }
  }

  /**
   * An enum type.
   *
   * @param labels its labels in sort order ({@code enumsortorder})
   */
  record EnumType(TableId id, List<String> labels, String owner, List<String> acl, String comment)
      implements UsedObject {
    public EnumType {
      Objects.requireNonNull(id, "id");
      labels = List.copyOf(labels);
      acl = acl == null ? null : List.copyOf(acl);
    }

    @Override
    public Kind kind() {
      return Kind.ENUM;
    }

    @Override
    public String displayName() {
      return id.toString();
    }

    @Override
    public EnumType withoutOwnership() {
      return new EnumType(id, labels, null, null, null);
    }
  }

  /**
   * A domain.
   *
   * @param baseType the underlying type as {@code format_type} prints it, typmod included
   * @param collation the domain's collation where it differs from its base type's, or {@code null}
   * @param defaultValue the default expression as {@code pg_get_expr} prints it, or {@code null}
   * @param notNull whether the domain is {@code NOT NULL}
   * @param constraints its {@code CHECK} constraints, by name
   */
  record Domain(
      TableId id,
      String baseType,
      TableId collation,
      String defaultValue,
      boolean notNull,
      List<DomainConstraint> constraints,
      String owner,
      List<String> acl,
      String comment)
      implements UsedObject {
    public Domain {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(baseType, "baseType");
      constraints = List.copyOf(constraints);
      acl = acl == null ? null : List.copyOf(acl);
    }

    @Override
    public Kind kind() {
      return Kind.DOMAIN;
    }

    @Override
    public String displayName() {
      return id.toString();
    }

    @Override
    public Domain withoutOwnership() {
      return new Domain(
          id, baseType, collation, defaultValue, notNull, constraints, null, null, null);
    }
  }

  /**
   * A named {@code CHECK} constraint of a domain.
   *
   * @param definition as {@code pg_get_constraintdef} prints it: {@code CHECK (...)}, possibly
   *     followed by {@code NOT VALID}
   */
  record DomainConstraint(String name, String definition) {
    public DomainConstraint {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(definition, "definition");
    }
  }

  /**
   * A composite type made by {@code CREATE TYPE ... AS (...)}.
   *
   * @param attributes its attributes in order
   */
  record CompositeType(
      TableId id, List<Attribute> attributes, String owner, List<String> acl, String comment)
      implements UsedObject {
    public CompositeType {
      Objects.requireNonNull(id, "id");
      attributes = List.copyOf(attributes);
      acl = acl == null ? null : List.copyOf(acl);
    }

    @Override
    public Kind kind() {
      return Kind.COMPOSITE;
    }

    @Override
    public String displayName() {
      return id.toString();
    }

    @Override
    public CompositeType withoutOwnership() {
      return new CompositeType(id, attributes, null, null, null);
    }
  }

  /**
   * An attribute of a composite type.
   *
   * @param type as {@code format_type} prints it, typmod included
   * @param collation its collation where it differs from its type's, or {@code null}
   */
  record Attribute(String name, String type, TableId collation) {
    public Attribute {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * A range type ({@code pg_range}).
   *
   * @param subtype as {@code format_type} prints it
   * @param subtypeOpclass the operator class when it is not the subtype's default, or {@code null}
   * @param collation the range's collation, or {@code null} when the subtype has none
   * @param canonical the canonical function, or {@code null}
   * @param subtypeDiff the subtype difference function, or {@code null}
   * @param multirange the multirange type made with it
   */
  record RangeType(
      TableId id,
      String subtype,
      TableId subtypeOpclass,
      TableId collation,
      TableId canonical,
      TableId subtypeDiff,
      TableId multirange,
      String owner,
      List<String> acl,
      String comment)
      implements UsedObject {
    public RangeType {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(subtype, "subtype");
      Objects.requireNonNull(multirange, "multirange");
      acl = acl == null ? null : List.copyOf(acl);
    }

    @Override
    public Kind kind() {
      return Kind.RANGE;
    }

    @Override
    public String displayName() {
      return id.toString();
    }

    @Override
    public RangeType withoutOwnership() {
      return new RangeType(
          id,
          subtype,
          subtypeOpclass,
          collation,
          canonical,
          subtypeDiff,
          multirange,
          null,
          null,
          null);
    }
  }

  /**
   * A function or procedure.
   *
   * @param arguments its identity arguments as {@code pg_get_function_identity_arguments} prints
   *     them (what {@code ALTER FUNCTION} and {@code GRANT} name it by)
   * @param procedure whether it is a procedure
   * @param definition the {@code CREATE OR REPLACE FUNCTION|PROCEDURE} statement as {@code
   *     pg_get_functiondef} prints it
   */
  record Function(
      TableId id,
      String arguments,
      boolean procedure,
      String definition,
      String owner,
      List<String> acl,
      String comment)
      implements UsedObject {
    public Function {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(arguments, "arguments");
      Objects.requireNonNull(definition, "definition");
      acl = acl == null ? null : List.copyOf(acl);
    }

    @Override
    public Kind kind() {
      return Kind.FUNCTION;
    }

    @Override
    public String displayName() {
      return id + "(" + arguments + ")";
    }

    @Override
    public Function withoutOwnership() {
      return new Function(id, arguments, procedure, definition, null, null, null);
    }
  }
}
