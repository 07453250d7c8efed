package io.pgsnap.testsupport;

import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.UsedObject;
import java.util.List;

/** Used objects of every kind ({@link UsedObject}), as a manifest records them, in order. */
public final class SampleObjects {
  private SampleObjects() {}

  public static final TableId BYTEWISE = new TableId("kinds", "bytewise");

  public static UsedObject.Extension citext() {
    return new UsedObject.Extension("citext", "1.6", "public", "app", null);
  }

  public static UsedObject.Schema schema(String name) {
    return new UsedObject.Schema(name, "app", null, null);
  }

  public static UsedObject.Collation bytewise() {
    return new UsedObject.Collation(BYTEWISE, "libc", "C", "C", null, null, true, "app", null);
  }

  public static UsedObject.EnumType mood() {
    return new UsedObject.EnumType(
        new TableId("kinds", "mood"), List.of("sad", "ok", "happy"), "app", null, "How it went");
  }

  public static UsedObject.Domain positive() {
    return new UsedObject.Domain(
        new TableId("kinds", "positive"),
        "integer",
        null,
        "1",
        true,
        List.of(new UsedObject.DomainConstraint("positive_check", "CHECK ((VALUE > 0))")),
        "app",
        List.of("app=U/app"),
        null);
  }

  public static UsedObject.CompositeType point3() {
    return new UsedObject.CompositeType(
        new TableId("kinds", "point3"),
        List.of(
            new UsedObject.Attribute("x", "double precision", null),
            new UsedObject.Attribute("label", "text", BYTEWISE)),
        "app",
        null,
        null);
  }

  public static UsedObject.RangeType textrange() {
    return new UsedObject.RangeType(
        new TableId("kinds", "textrange"),
        "text",
        null,
        BYTEWISE,
        null,
        null,
        new TableId("kinds", "textmultirange"),
        "app",
        null,
        null);
  }

  public static UsedObject.Function doubleIt() {
    return new UsedObject.Function(
        new TableId("kinds", "double_it"),
        "i integer",
        false,
        "CREATE OR REPLACE FUNCTION kinds.double_it(i integer)\n RETURNS integer\n LANGUAGE sql\n"
            + " IMMUTABLE\nAS $function$SELECT i * 2$function$\n",
        "app",
        null,
        null);
  }

  /** One object of every kind, in an order a restore can create them in. */
  public static List<UsedObject> everyKind() {
    return List.of(
        schema("kinds"),
        schema("public"),
        citext(),
        bytewise(),
        mood(),
        positive(),
        point3(),
        textrange(),
        doubleIt());
  }
}
