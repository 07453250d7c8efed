package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What {@link CatalogReader} records as used by the tables ({@link Catalog#objects()}), read from
 * {@code /catalog/used.sql} on every server major of the suite.
 */
class UsedObjectsReaderIT {
  private static final TableSelection USED_SCHEMA =
      new TableSelection(List.of("used"), List.of(), List.of(), List.of());
  private static final TableId BYTEWISE = new TableId("kinds", "bytewise");

  @AcrossServers
  void whatTheTablesUseIsListedInDependencyOrder(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.runScript("/catalog/used.sql");

      List<String> names =
          read(db, USED_SCHEMA).objects().stream()
              .map(o -> o.kind() + " " + o.displayName())
              .toList();

      // citext's type belongs to the extension, so the extension is recorded, not the type;
      // kinds.tickets is a sequence, recorded with the sequences.
      assertEquals(
          List.of(
              "SCHEMA kinds",
              "SCHEMA public",
              "EXTENSION citext",
              "SCHEMA used",
              "COLLATION kinds.bytewise",
              "ENUM kinds.mood",
              "DOMAIN kinds.code",
              "DOMAIN kinds.positive",
              "DOMAIN kinds.small_positive",
              "COMPOSITE kinds.point3",
              "RANGE kinds.textrange",
              "FUNCTION kinds.double_it(i integer)",
              "FUNCTION kinds.is_even(i integer)",
              "FUNCTION kinds.lower_name(t text)",
              "FUNCTION kinds.touch()",
              "FUNCTION kinds.visible(m kinds.mood)"),
          names);
    }
  }

  @AcrossServers
  void typesAreRecordedFieldByField(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.runScript("/catalog/used.sql");
      String owner = server.superuser();

      List<UsedObject> objects = read(db, USED_SCHEMA).objects();

      assertTrue(
          objects.contains(
              new UsedObject.Extension(
                  "citext",
                  citextVersion(db),
                  "public",
                  owner,
                  "data type for case-insensitive character strings")));
      assertTrue(
          objects.contains(
              new UsedObject.Collation(BYTEWISE, "libc", "C", "C", null, null, true, owner, null)));
      assertTrue(
          objects.contains(
              new UsedObject.EnumType(
                  new TableId("kinds", "mood"),
                  List.of("sad", "ok", "happy"),
                  owner,
                  null,
                  "How it went")));
      assertTrue(
          objects.contains(
              new UsedObject.Domain(
                  new TableId("kinds", "positive"),
                  "integer",
                  null,
                  "1",
                  true,
                  List.of(new UsedObject.DomainConstraint("positive_check", "CHECK ((VALUE > 0))")),
                  owner,
                  null,
                  null)));
      // A domain over a domain inherits its default, and casts VALUE to the base domain's type.
      assertTrue(
          objects.contains(
              new UsedObject.Domain(
                  new TableId("kinds", "small_positive"),
                  "kinds.positive",
                  null,
                  "1",
                  false,
                  List.of(
                      new UsedObject.DomainConstraint(
                          "below_100", "CHECK (((VALUE)::integer < 100))")),
                  owner,
                  null,
                  null)));
      assertTrue(
          objects.contains(
              new UsedObject.Domain(
                  new TableId("kinds", "code"),
                  "character varying(8)",
                  BYTEWISE,
                  null,
                  false,
                  List.of(),
                  owner,
                  null,
                  null)));
      assertTrue(
          objects.contains(
              new UsedObject.CompositeType(
                  new TableId("kinds", "point3"),
                  List.of(
                      new UsedObject.Attribute("x", "double precision", null),
                      new UsedObject.Attribute("y", "numeric(6,2)", null),
                      new UsedObject.Attribute("label", "text", BYTEWISE)),
                  owner,
                  null,
                  null)));
      assertTrue(
          objects.contains(
              new UsedObject.RangeType(
                  new TableId("kinds", "textrange"),
                  "text",
                  null,
                  BYTEWISE,
                  null,
                  null,
                  new TableId("kinds", "textmultirange"),
                  owner,
                  null,
                  null)));
    }
  }

  @AcrossServers
  void functionsAreRecordedAsTheServerPrintsThem(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.runScript("/catalog/used.sql");

      List<UsedObject> objects = read(db, USED_SCHEMA).objects();

      assertTrue(
          objects.contains(
              new UsedObject.Function(
                  new TableId("kinds", "visible"),
                  "m kinds.mood",
                  false,
                  "CREATE OR REPLACE FUNCTION kinds.visible(m kinds.mood)\n RETURNS boolean\n"
                      + " LANGUAGE sql\n STABLE\nAS $function$SELECT m <> 'sad'$function$\n",
                  server.superuser(),
                  null,
                  null)));
    }
  }

  @AcrossServers
  void tableSelectionRecordsWhatThoseTablesUseAndTheirStandaloneSequences(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.runScript("/catalog/used.sql");

      Catalog plain = read(db, tables("used.plain"));
      Catalog things = read(db, tables("used.things"));

      assertEquals(
          List.of(new UsedObject.Schema("used", server.superuser(), null, null)), plain.objects());
      assertEquals(List.of(), plain.sequences());
      assertEquals(read(db, USED_SCHEMA).objects(), things.objects());
      assertEquals(
          List.of(new TableId("kinds", "tickets")),
          things.sequences().stream().map(Sequence::id).toList());
    }
  }

  @AcrossServers
  void anArrayColumnUsesItsElementTypeAndADomainDefaultItsSequence(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE SCHEMA s",
          "CREATE SEQUENCE s.numbers",
          "CREATE DOMAIN s.numbered AS bigint DEFAULT nextval('s.numbers')",
          "CREATE TYPE s.colour AS ENUM ('red')",
          "CREATE TABLE s.t (colours s.colour[], n s.numbered)");

      Catalog catalog = read(db, tables("s.t"));

      assertEquals(
          List.of("s", "s.colour", "s.numbered"),
          catalog.objects().stream().map(UsedObject::displayName).toList());
      assertEquals(
          List.of(new TableId("s", "numbers")),
          catalog.sequences().stream().map(Sequence::id).toList());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static TableSelection tables(String pattern) {
    return new TableSelection(List.of(), List.of(pattern), List.of(), List.of());
  }

  private static String citextVersion(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'citext'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Reads as the export does: REPEATABLE READ, empty search path. */
  private static Catalog read(TestDatabase db, TableSelection selection) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_catalog.set_config('search_path', '', true)");
      }
      try {
        return new CatalogReader(c).read(selection);
      } finally {
        c.rollback();
      }
    }
  }
}
