package io.pgsnap.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Which majors a run of the integration suite uses, and where its run-once tests go. */
class PostgresServersExtensionTest {
  private static final String DEFAULT_ONE =
      Integer.toString(PostgresServersExtension.DEFAULT_ONE_SERVER_MAJOR);

  @Test
  void byDefaultTheSuiteRunsOnEveryMajorFrom14To18() {
    assertEquals(
        List.of(14, 15, 16, 17, 18),
        PostgresServersExtension.parseMajors(PostgresServersExtension.DEFAULT_MAJORS));
  }

  @Test
  void byDefaultRunOnceTestsUseDebiansPostgres15() {
    List<Integer> majors = PostgresServersExtension.parseMajors("14,15,16,17,18");

    assertEquals(15, PostgresServersExtension.oneServerMajor(majors, DEFAULT_ONE));
  }

  @Test
  void runOnceTestsFollowTheChosenMajorWhenTheRunHasIt() {
    List<Integer> majors = PostgresServersExtension.parseMajors("14,15,16,17,18");

    assertEquals(18, PostgresServersExtension.oneServerMajor(majors, " 18 "));
  }

  @Test
  void aRunWithoutTheChosenMajorPutsRunOnceTestsOnItsFirstMajorAndStartsNoOther() {
    List<Integer> majors = PostgresServersExtension.parseMajors("18,14");

    assertEquals(18, PostgresServersExtension.oneServerMajor(majors, DEFAULT_ONE));
  }

  @Test
  void majorsKeepTheirOrderAndSpacesAndEmptyWordsAreIgnored() {
    assertEquals(List.of(17, 14), PostgresServersExtension.parseMajors(" 17, ,14,"));
  }

  @Test
  void aListWithoutANumberIsAConfigurationErrorNamingTheProperty() {
    ExtensionConfigurationException e =
        assertThrows(
            ExtensionConfigurationException.class,
            () -> PostgresServersExtension.parseMajors("14,fifteen"));

    assertTrue(e.getMessage().contains("pgsnap.test.majors"), e::getMessage);
    assertTrue(e.getMessage().contains("14,fifteen"), e::getMessage);
    assertThrows(
        ExtensionConfigurationException.class, () -> PostgresServersExtension.parseMajors(" , "));
  }

  @Test
  void aOneServerMajorThatIsNoNumberIsAConfigurationErrorNamingTheProperty() {
    ExtensionConfigurationException e =
        assertThrows(
            ExtensionConfigurationException.class,
            () -> PostgresServersExtension.oneServerMajor(List.of(15), "latest"));

    assertTrue(e.getMessage().contains("pgsnap.test.oneServerMajor"), e::getMessage);
  }
}
