package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnTypesTest {

  @ParameterizedTest(name = "{0} into {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "integer | integer | SAME",
        "integer | bigint | WIDER",
        "bigint | integer | CHANGES_VALUES",
        "smallint | numeric(5,0) | WIDER",
        "integer | numeric(9,0) | CHANGES_VALUES",
        "bigint | numeric | WIDER",
        "numeric | numeric(4,1) | CHANGES_VALUES",
        "numeric(10,2) | numeric | WIDER",
        "numeric(10,2) | numeric(12,3) | WIDER",
        "numeric(10,2) | numeric(10,3) | CHANGES_VALUES",
        "numeric(10,2) | numeric(10,1) | CHANGES_VALUES",
        "real | double precision | WIDER",
        "double precision | real | CHANGES_VALUES",
        "character varying(20) | character varying(30) | WIDER",
        "character varying(20) | character varying(10) | CHANGES_VALUES",
        "character varying(20) | character varying | WIDER",
        "text | character varying(100) | CHANGES_VALUES",
        "\"app\".\"mood\" | text | WIDER",
        "text | \"app\".\"mood\" | CHANGES_VALUES",
        "integer[] | text | CHANGES_VALUES",
        "timestamp with time zone | date | CHANGES_VALUES",
        "timestamp with time zone | timestamp without time zone | CHANGES_VALUES",
        "timestamp(3) with time zone | timestamp with time zone | WIDER",
        "timestamp with time zone | timestamp(3) with time zone | CHANGES_VALUES",
        "date | timestamp without time zone | WIDER",
        "jsonb | json | CHANGES_VALUES",
        "character(5) | character(6) | CHANGES_VALUES",
      })
  void aTargetTypeHoldsTheSnapshotsValuesOnlyWhenItIsKnownToKeepThem(
      String snapshot, String target, ColumnTypes.Fit expected) {
    assertEquals(expected, ColumnTypes.fit(snapshot.strip(), target.strip()));
  }
}
