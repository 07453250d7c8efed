package io.pgsnap.cli;

import static io.pgsnap.testsupport.SampleManifests.column;
import static io.pgsnap.testsupport.SampleManifests.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.testsupport.SampleManifests;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectReportTest {
  private static final TableId ORDERS = new TableId("public", "orders");

  private static Sequence sequence(String name, long last, boolean called, boolean identity) {
    return new Sequence(
        new TableId("public", name),
        "bigint",
        1,
        1,
        1,
        Long.MAX_VALUE,
        1,
        false,
        last,
        called,
        new Sequence.OwnedBy(ORDERS, "id"),
        identity);
  }

  @Test
  void theManifestInWords() {
    Manifest m =
        SampleManifests.manifest(
            "appdb-20261123T091545Z",
            TableSelection.defaults(),
            List.of(
                table("public", "Order Items", 1234, "a".repeat(64), column("id", "integer")),
                table("public", "orders", 5, "b".repeat(64), column("id", "integer"))),
            List.of(sequence("orders_id_seq", 5, true, true), sequence("fresh", 1, false, false)));

    assertEquals(
        List.of(
            "Snapshot    appdb-20261123T091545Z",
            "Folder      backups/appdb-20261123T091545Z",
            "Label       (none)",
            "Database    appdb on db.example.com:5432 as app",
            "Server      PostgreSQL 15.8 (Debian 15.8-0+deb12u1), encoding UTF8",
            "Started     2026-11-23 09:15:45.063 UTC",
            "Finished    2026-11-23 09:15:47.263 UTC",
            "Duration    2.2s",
            "Options     format csv, compression zstd, jobs 1",
            "Selection   all tables of schema public (the default)",
            "Written by  pgsnap 0.1.0",
            "Checksum    sha256 " + "0".repeat(64) + " (of SHA256SUMS)",
            "",
            "2 tables:",
            "TABLE                 KIND       ROWS   STORED       RAW  FILE",
            "public.\"Order Items\"  ordinary  1,234  1.3 KiB  12.1 KiB  tables/public.Order Items.csv.zst",
            "public.orders         ordinary      5    105 B      50 B  tables/public.orders.csv.zst",
            "total                 2 tables  1,239  1.4 KiB  12.1 KiB",
            "",
            "2 sequences:",
            "SEQUENCE              LAST VALUE  NEXT VALUE  OWNED BY",
            "public.orders_id_seq           5           6  public.orders.id (identity)",
            "public.fresh              (none)           1  public.orders.id"),
        InspectReport.lines(m, SnapshotSource.folder(Path.of("backups/appdb-20261123T091545Z"))));
  }

  @Test
  void theSelectionInTheWordsOfTheOptions() {
    assertEquals(
        "all tables of schemas app, audit; table public.orders; excluding table app.tmp_*",
        InspectReport.selection(
            new TableSelection(
                List.of("app", "audit"),
                List.of("public.orders"),
                List.of(),
                List.of("app.tmp_*"))));
  }
}
