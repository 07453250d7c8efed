package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.DdlStatement.Expected;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DdlStatementTest {
  private static final TableId ORDERS = new TableId("public", "orders");
  private static final Expected CREATE_ORDERS = Expected.createTable(ORDERS);
  private static final String CREATE =
      "CREATE TABLE \"public\".\"orders\" (\n    \"id\" integer\n)";

  private static String refusal(String sql, Expected expected) {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> DdlStatement.check(sql, expected));
    assertEquals(ErrorCode.INTEGRITY, e.code());
    return e.getMessage();
  }

  private static void assertRefused(String sql, Expected expected, String fragment) {
    String message = refusal(sql, expected);
    assertTrue(message.contains(fragment), () -> "message: " + message);
  }

  // ---------------------------------------------------------------------------------------------
  // Exactly one statement

  @Test
  void aSecondStatementAfterASemicolonIsRefusedNamingTheEntry() {
    assertEquals(
        "the manifest's createTable DDL for public.orders holds more than one statement; the"
            + " snapshot was tampered with or damaged",
        refusal(CREATE + "; CREATE ROLE x SUPERUSER", CREATE_ORDERS));
  }

  @Test
  void aTrailingSemicolonFollowedByWhitespaceAndCommentsIsAccepted() {
    assertEquals(ORDERS, DdlStatement.check(CREATE + " ; -- done\n /* really */ ", CREATE_ORDERS));
  }

  @Test
  void aSemicolonAfterACommentStillEndsTheStatement() {
    assertRefused(
        CREATE + " /* comment */; CREATE ROLE x SUPERUSER",
        CREATE_ORDERS,
        "more than one statement");
  }

  @Test
  void aSemicolonAfterALineCommentOnItsOwnLineStillEndsTheStatement() {
    assertRefused(
        CREATE + " -- comment\n; CREATE ROLE x SUPERUSER",
        CREATE_ORDERS,
        "more than one statement");
  }

  @Test
  void aSemicolonAfterALineCommentEndedByACarriageReturnStillEndsTheStatement() {
    assertRefused(
        CREATE + " -- comment\r; CREATE ROLE x SUPERUSER",
        CREATE_ORDERS,
        "more than one statement");
  }

  @Test
  void anEscapeStringRightAfterANumberCannotHideASecondStatement() {
    // PostgreSQL 14 reads 1E'\'' as 1 and E'\'', then a second statement and a comment; read as
    // a standard string, '\'' would run on to the last quote and hide the second statement
    assertRefused(
        "CREATE TABLE public.orders (n numeric DEFAULT 1E'\\'');CREATE ROLE x;--')",
        CREATE_ORDERS,
        "more than one statement");
  }

  @Test
  void twoSemicolonsAreRefused() {
    assertRefused(CREATE + ";;", CREATE_ORDERS, "more than one statement");
  }

  @Test
  void aStatementInsideADollarQuotedStringIsData() {
    String sql =
        "CREATE TABLE public.orders (note text DEFAULT $x$; CREATE ROLE evil SUPERUSER; $x$)";
    assertEquals(ORDERS, DdlStatement.check(sql, CREATE_ORDERS));
  }

  @Test
  void aStatementAfterADollarQuotedStringIsCaught() {
    String sql = "CREATE TABLE public.orders (note text DEFAULT $x$ $y$ $x$); CREATE ROLE evil";
    assertRefused(sql, CREATE_ORDERS, "more than one statement");
  }

  @Test
  void aSemicolonInsideAStandardStringIsData() {
    String sql = "CREATE TABLE public.orders (note text DEFAULT 'it''s; DROP TABLE x; --')";
    assertEquals(ORDERS, DdlStatement.check(sql, CREATE_ORDERS));
  }

  @Test
  void aBackslashInAStandardStringDoesNotEscapeItsQuote() {
    String sql = "CREATE TABLE public.orders (note text DEFAULT 'a\\'); DROP TABLE x; --')";
    assertRefused(sql, CREATE_ORDERS, "more than one statement");
  }

  @Test
  void anEscapeStringCannotHideTheEndOfAStatement() {
    String sql = "CREATE TABLE public.orders (note text DEFAULT E'a\\'); DROP TABLE x; --')";
    assertEquals(ORDERS, DdlStatement.check(sql, CREATE_ORDERS));
    assertRefused(
        "CREATE TABLE public.orders (note text DEFAULT E'a\\\\'); DROP TABLE x; --'",
        CREATE_ORDERS,
        "more than one statement");
  }

  @Test
  void jdbcEscapeSyntaxOutsideStringsIsRefused() {
    assertRefused(
        "CREATE TABLE public.orders (d date DEFAULT {d '2024-01-01'})",
        CREATE_ORDERS,
        "holds a character SQL has no use for (U+007B)");
  }

  @Test
  void bracesInsideStringsAreData() {
    assertEquals(
        ORDERS,
        DdlStatement.check(
            "CREATE TABLE public.orders (a integer[] DEFAULT '{1,2}', b text DEFAULT $$ {fn x} $$)",
            CREATE_ORDERS));
  }

  @Test
  void anUnterminatedStringIsRefused() {
    assertRefused(
        "CREATE TABLE public.orders (note text DEFAULT 'x)", CREATE_ORDERS, "unterminated string");
  }

  @Test
  void emptyDdlIsRefused() {
    assertRefused(" -- nothing\n;", CREATE_ORDERS, "createTable DDL for public.orders is empty");
  }

  // ---------------------------------------------------------------------------------------------
  // The kind of statement and its object

  @Test
  void createTableOfAnotherTableIsRefused() {
    assertRefused(
        "CREATE TABLE public.customers (id integer)",
        CREATE_ORDERS,
        "names public.customers instead of public.orders");
  }

  @Test
  void createTableWithoutASchemaIsRefused() {
    assertRefused(
        "CREATE TABLE orders (id integer)",
        CREATE_ORDERS,
        "does not name the table as schema.name");
  }

  @Test
  void createRoleInsteadOfCreateTableIsRefused() {
    assertRefused(
        "CREATE ROLE evil SUPERUSER LOGIN", CREATE_ORDERS, "is not CREATE TABLE but CREATE ROLE");
  }

  @Test
  void createFunctionInsteadOfCreateTableIsRefused() {
    assertRefused(
        "CREATE FUNCTION public.orders() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
        CREATE_ORDERS,
        "is not CREATE TABLE but CREATE FUNCTION");
  }

  @Test
  void doInsteadOfCreateTableIsRefused() {
    assertRefused(
        "DO $$ BEGIN EXECUTE 'CREATE ROLE evil SUPERUSER'; END $$",
        CREATE_ORDERS,
        "is not CREATE TABLE but DO");
  }

  @Test
  void copyInsteadOfCreateTableIsRefused() {
    assertRefused(
        "COPY public.orders FROM PROGRAM 'id'", CREATE_ORDERS, "is not CREATE TABLE but COPY");
  }

  @Test
  void createTableAsWhichRunsAQueryIsRefused() {
    assertRefused(
        "CREATE TABLE public.orders (id) AS SELECT pg_read_file('/etc/passwd')",
        CREATE_ORDERS,
        "has unexpected text after the column list (AS)");
  }

  @Test
  void unloggedPartitionedAndInheritingTablesAreAccepted() {
    assertDoesNotThrow(
        () ->
            DdlStatement.check(
                "CREATE UNLOGGED TABLE public.orders (d date) PARTITION BY RANGE (d)",
                CREATE_ORDERS));
    assertDoesNotThrow(
        () ->
            DdlStatement.check(
                "CREATE TABLE public.orders () INHERITS (public.a, public.b)", CREATE_ORDERS));
  }

  @Test
  void quotedNamesWithDotsAndQuotesAreComparedUnquoted() {
    TableId odd = new TableId("my.schema", "a \"b\".c");
    assertEquals(
        odd,
        DdlStatement.check(
            "CREATE TABLE \"my.schema\".\"a \"\"b\"\".c\" (id integer)",
            Expected.createTable(odd)));
  }

  @Test
  void aQuotedNameInAnotherCaseIsAnotherTable() {
    assertRefused(
        "CREATE TABLE \"Public\".\"Orders\" (id integer)",
        CREATE_ORDERS,
        "names \"Public\".\"Orders\" instead of public.orders");
  }

  @Test
  void aUnicodeEscapedNameIsRefusedRatherThanDecoded() {
    assertRefused(
        "CREATE TABLE public.U&\"ord\\0065rs\" (id integer)",
        CREATE_ORDERS,
        "does not name the table as schema.name");
  }

  @Test
  void aPartitionOfItsParentIsAccepted() {
    TableId part = new TableId("public", "orders_2024");
    Expected expected = Expected.partition(ORDERS, part, Set.of(ORDERS));
    assertEquals(
        part,
        DdlStatement.check(
            "CREATE TABLE public.orders_2024 PARTITION OF public.orders FOR VALUES FROM ('2024-01-01')"
                + " TO ('2025-01-01') PARTITION BY LIST (region)",
            expected));
  }

  @Test
  void aPartitionOfAnotherParentIsRefused() {
    TableId part = new TableId("public", "orders_x");
    assertRefused(
        "CREATE TABLE public.orders_x PARTITION OF public.customers DEFAULT",
        Expected.partition(ORDERS, part, Set.of(ORDERS)),
        "the manifest's partitions DDL for public.orders attaches public.orders_x to"
            + " public.customers, which is not its parent");
  }

  // ---------------------------------------------------------------------------------------------
  // ALTER TABLE ... ADD CONSTRAINT: one action

  @Test
  void aSecondAlterTableActionAfterACommaIsRefused() {
    assertRefused(
        "ALTER TABLE public.orders ADD CONSTRAINT c CHECK (x > 0), DISABLE ROW LEVEL SECURITY",
        Expected.constraint(ORDERS),
        "the manifest's constraints DDL for public.orders holds more than one ALTER TABLE action");
  }

  @Test
  void commasInsideParenthesesAreOneAction() {
    assertEquals(
        ORDERS,
        DdlStatement.check(
            "ALTER TABLE ONLY public.orders ADD CONSTRAINT u UNIQUE (a, b) INCLUDE (c, d)",
            Expected.constraint(ORDERS)));
  }

  @Test
  void anActionOtherThanAddConstraintIsRefused() {
    assertRefused(
        "ALTER TABLE public.orders OWNER TO evil",
        Expected.constraint(ORDERS),
        "does not go on with ADD CONSTRAINT");
  }

  @Test
  void aConstraintOnAnotherTableIsRefused() {
    assertRefused(
        "ALTER TABLE public.customers ADD CONSTRAINT c CHECK (true)",
        Expected.constraint(ORDERS),
        "names public.customers instead of public.orders");
  }

  @Test
  void aForeignKeyEntryMustAddAForeignKey() {
    assertRefused(
        "ALTER TABLE public.orders ADD CONSTRAINT c CHECK (true)",
        Expected.foreignKey(ORDERS),
        "adds something other than a foreign key");
    assertEquals(
        ORDERS,
        DdlStatement.check(
            "ALTER TABLE ONLY public.orders ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES"
                + " public.c(a, b) ON DELETE SET NULL (a) DEFERRABLE",
            Expected.foreignKey(ORDERS)));
  }

  // ---------------------------------------------------------------------------------------------
  // CREATE INDEX

  @Test
  void anIndexOnTheTableIsAccepted() {
    assertEquals(
        ORDERS,
        DdlStatement.check(
            "CREATE UNIQUE INDEX \"only ON ONLY x\" ON ONLY public.orders USING btree (a, lower(b))"
                + " WHERE (a > 0)",
            Expected.index(ORDERS)));
  }

  @Test
  void anIndexOnAnotherTableIsRefused() {
    assertRefused(
        "CREATE INDEX i ON public.customers USING btree (id)",
        Expected.index(ORDERS),
        "the manifest's indexes DDL for public.orders names public.customers instead of"
            + " public.orders");
  }

  @Test
  void aConcurrentIndexBuildIsRefused() {
    assertRefused(
        "CREATE INDEX CONCURRENTLY i ON public.orders USING btree (id)",
        Expected.index(ORDERS),
        "has no index name after CREATE INDEX");
  }

  // ---------------------------------------------------------------------------------------------
  // Sequences

  private static Sequence sequence(String dataType) {
    return new Sequence(
        new TableId("public", "orders_id_seq"),
        dataType,
        1,
        1,
        1,
        Long.MAX_VALUE,
        1,
        false,
        1,
        false,
        new Sequence.OwnedBy(ORDERS, "id"),
        false);
  }

  @Test
  void aSequenceOfAnIntegerTypeIsAccepted() {
    assertDoesNotThrow(() -> DdlStatement.checkSequence(sequence("BigInt")));
  }

  @Test
  void aSequenceDataTypeOutsideTheWhitelistIsRefused() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> DdlStatement.checkSequence(sequence("bigint; CREATE ROLE evil SUPERUSER; --")));
    assertEquals(ErrorCode.INTEGRITY, e.code());
    assertTrue(
        e.getMessage()
            .startsWith(
                "the manifest's sequence DDL for public.orders_id_seq has the data type \"bigint;"
                    + " CREATE ROLE evil SUPERUSER; --\", which is none of smallint, integer and"
                    + " bigint"),
        e.getMessage());
  }

  @Test
  void aSequenceOptionThatIsNotANumberIsRefused() {
    assertRefused(
        "CREATE SEQUENCE public.s AS bigint START WITH 1 OWNED BY public.other.id",
        Expected.createSequence(new TableId("public", "s")),
        "has sequence options other than numbers and their keywords");
  }

  @Test
  void ownedByAnotherTableIsRefused() {
    TableId s = new TableId("public", "s");
    assertRefused(
        "ALTER SEQUENCE public.s OWNED BY public.other.id",
        Expected.sequenceOwnedBy(s, ORDERS),
        "ties the sequence to public.other, not to its table");
  }
}
