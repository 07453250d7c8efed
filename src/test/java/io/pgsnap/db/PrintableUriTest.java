package io.pgsnap.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrintableUriTest {
  private static final Environment EMPTY = new Environment(Map.of(), null, "me");

  @Test
  void theUriLeavesOutThePasswordAndKeepsUserHostAndDatabase() {
    ConnectionSettings settings =
        ConnectionSettings.resolve("postgresql://bob:secret@db.example.com:6432/app", EMPTY);

    assertEquals("postgresql://bob@db.example.com:6432/app", settings.uriWithoutPassword());
  }

  @Test
  void aSslModeOtherThanTheDefaultIsKept() {
    ConnectionSettings settings =
        ConnectionSettings.resolve("postgresql://bob@db/app?sslmode=require", EMPTY);

    assertEquals("postgresql://bob@db:5432/app?sslmode=require", settings.uriWithoutPassword());
  }

  @Test
  void aUserWithSpacesIsPercentEncoded() {
    ConnectionSettings settings =
        ConnectionSettings.resolve("host=db dbname=app user='bob smith'", EMPTY);

    assertEquals("postgresql://bob%20smith@db:5432/app", settings.uriWithoutPassword());
  }

  @Test
  void thePrintedUriResolvesToTheSamePasswordInTheLendingEnvironment() {
    ConnectionSettings settings =
        ConnectionSettings.resolve("postgresql://bob:secret@db/app", EMPTY);

    ConnectionSettings again =
        ConnectionSettings.resolve(settings.uriWithoutPassword(), settings.lendingPassword(EMPTY));

    assertEquals("secret", again.password());
    assertEquals(settings.describe(), again.describe());
  }

  @Test
  void withoutAPasswordTheEnvironmentIsUnchanged() {
    ConnectionSettings settings = ConnectionSettings.resolve("postgresql://bob@db/app", EMPTY);

    assertEquals(EMPTY, settings.lendingPassword(EMPTY));
  }
}
