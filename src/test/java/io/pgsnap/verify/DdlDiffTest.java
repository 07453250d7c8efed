package io.pgsnap.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.Ddl;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlDiffTest {
  private static final String CREATE =
      "CREATE TABLE \"public\".\"t\" (\n    \"id\" integer NOT NULL,\n    \"v\" text\n)";
  private static final String PK =
      "ALTER TABLE ONLY \"public\".\"t\" ADD CONSTRAINT \"t_pkey\" PRIMARY KEY (id)";
  private static final String INDEX = "CREATE INDEX t_v_idx ON public.t USING btree (v)";

  private static Ddl ddl(String create, List<String> constraints, List<String> indexes) {
    return new Ddl(create, List.of(), constraints, indexes, List.of());
  }

  @Test
  void theSameDdlHasNoDifference() {
    assertEquals(
        List.of(),
        DdlDiff.diff(ddl(CREATE, List.of(PK), List.of()), ddl(CREATE, List.of(PK), List.of())));
  }

  @Test
  void anAddedIndexIsOneAddedLine() {
    assertEquals(
        List.of("+ " + INDEX),
        DdlDiff.diff(
            ddl(CREATE, List.of(PK), List.of()), ddl(CREATE, List.of(PK), List.of(INDEX))));
  }

  @Test
  void aDroppedConstraintIsOneRemovedLine() {
    assertEquals(
        List.of("- " + PK),
        DdlDiff.diff(ddl(CREATE, List.of(PK), List.of()), ddl(CREATE, List.of(), List.of())));
  }

  @Test
  void anAddedLastColumnIsOneLineDespiteTheSeparatingComma() {
    String wider = CREATE.replace("\"v\" text\n)", "\"v\" text,\n    \"w\" jsonb\n)");

    assertEquals(
        List.of("+ \"w\" jsonb"),
        DdlDiff.diff(ddl(CREATE, List.of(), List.of()), ddl(wider, List.of(), List.of())));
  }

  @Test
  void aChangedColumnIsARemovedAndAnAddedLine() {
    String changed = CREATE.replace("\"v\" text", "\"v\" character varying(10)");

    assertEquals(
        List.of("- \"v\" text", "+ \"v\" character varying(10)"),
        DdlDiff.diff(ddl(CREATE, List.of(), List.of()), ddl(changed, List.of(), List.of())));
  }
}
