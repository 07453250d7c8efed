package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.DdlStatement;
import io.pgsnap.snapshot.ManifestTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DdlStatement#checkManifest} and {@link ScriptCheck#check} on tampered DDL. */
class ManifestDdlCheckTest {
  private static final TableId EVENTS = new TableId("public", "events");
  private static final TableId EVENTS_2024 = new TableId("public", "events_2024");
  private static final String CREATE_EVENTS =
      "CREATE TABLE \"public\".\"events\" (\n    \"d\" date\n) PARTITION BY RANGE (d)";
  private static final String CREATE_2024 =
      "CREATE TABLE \"public\".\"events_2024\" PARTITION OF \"public\".\"events\" FOR VALUES FROM"
          + " ('2024-01-01') TO ('2025-01-01')";

  private static ManifestTable events(Ddl ddl) {
    return new ManifestTable(
        "public",
        "events",
        Table.Kind.PARTITIONED,
        "tables/t.csv",
        DataFormat.CSV,
        Compression.NONE,
        0,
        0,
        0,
        "0".repeat(64),
        List.of("d"),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(new Partition(EVENTS_2024, EVENTS, "FOR VALUES FROM ('2024-01-01')", null)),
        ddl);
  }

  private static String refusal(Ddl ddl) {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> DdlStatement.checkManifest(events(ddl)));
    assertEquals(ErrorCode.INTEGRITY, e.code());
    return e.getMessage();
  }

  @Test
  void aGenuineManifestPasses() {
    DdlStatement.checkManifest(
        events(
            new Ddl(
                CREATE_EVENTS,
                List.of(CREATE_2024),
                List.of("ALTER TABLE \"public\".\"events\" ADD CONSTRAINT \"pk\" PRIMARY KEY (d)"),
                List.of("CREATE INDEX i ON public.events USING btree (d)"),
                List.of())));
  }

  @Test
  void aPartitionTheManifestDoesNotListIsRefused() {
    String other =
        "CREATE TABLE \"public\".\"elsewhere\" PARTITION OF \"public\".\"events\" DEFAULT";
    assertEquals(
        "the manifest's partitions DDL for public.events creates public.elsewhere, which is no"
            + " partition it lists; the snapshot was tampered with or damaged",
        refusal(new Ddl(CREATE_EVENTS, List.of(other), List.of(), List.of(), List.of())));
  }

  @Test
  void aListedPartitionUnderAnotherParentIsRefused() {
    String moved =
        "CREATE TABLE \"public\".\"events_2024\" PARTITION OF \"public\".\"audit\" DEFAULT";
    assertEquals(
        "the manifest's partitions DDL for public.events attaches public.events_2024 to"
            + " public.audit, which is not its parent; the snapshot was tampered with or damaged",
        refusal(new Ddl(CREATE_EVENTS, List.of(moved), List.of(), List.of(), List.of())));
  }

  @Test
  void aForeignKeyEntryThatSmugglesASecondStatementIsRefused() {
    String fk =
        "ALTER TABLE public.events ADD CONSTRAINT fk FOREIGN KEY (d) REFERENCES public.days(d);"
            + " ALTER ROLE app SUPERUSER";
    assertEquals(
        "the manifest's foreignKeys DDL for public.events holds more than one statement; the"
            + " snapshot was tampered with or damaged",
        refusal(new Ddl(CREATE_EVENTS, List.of(), List.of(), List.of(), List.of(fk))));
  }

  @Test
  void aScriptPartitionMustHangBelowTheTargetOrAnEarlierPartition() {
    CreateScript script =
        new CreateScript(
            List.of(),
            "CREATE TABLE restored.events (d date) PARTITION BY RANGE (d)",
            List.of(
                "CREATE TABLE restored.p1 PARTITION OF restored.events DEFAULT",
                "CREATE TABLE restored.p2 PARTITION OF public.events DEFAULT"),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of());

    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> ScriptCheck.check(script, EVENTS, new TableId("restored", "events")));
    assertEquals(
        "the manifest's partitions DDL for public.events attaches restored.p2 to public.events,"
            + " which is not its parent; the snapshot was tampered with or damaged",
        e.getMessage());
  }

  @Test
  void aScriptSequenceMustBeOwnedByTheTarget() {
    CreateScript script =
        new CreateScript(
            List.of("CREATE SEQUENCE restored.s AS integer START WITH 1"),
            "CREATE TABLE restored.events (d date)",
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of("ALTER SEQUENCE restored.s OWNED BY public.events.d"),
            List.of());

    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> ScriptCheck.check(script, EVENTS, new TableId("restored", "events")));
    assertEquals(
        "the manifest's sequence DDL for public.events ties the sequence to public.events, not to"
            + " its table; the snapshot was tampered with or damaged",
        e.getMessage());
  }

  @Test
  void aScriptSequenceOutsideTheTargetSchemaIsRefused() {
    CreateScript script =
        new CreateScript(
            List.of("CREATE SEQUENCE pg_temp.s AS integer START WITH 1"),
            "CREATE TABLE restored.events (d date)",
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of());

    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> ScriptCheck.check(script, EVENTS, new TableId("restored", "events")));
    assertEquals(
        "the manifest's sequence DDL for public.events creates the sequence pg_temp.s outside the"
            + " schema of restored.events; the snapshot was tampered with or damaged",
        e.getMessage());
  }
}
