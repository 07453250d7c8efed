package io.pgsnap.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How connection strings are shown in error messages: with every password masked. */
class PasswordMaskingTest {

  @Test
  void passwordInUriUserInformationIsMasked() {
    assertEquals(
        "postgresql://bob:****@host/db", ConnectionString.mask("postgresql://bob:secret@host/db"));
  }

  @Test
  void passwordWithAtAndSlashIsMaskedWhole() {
    assertEquals(
        "postgres://bob:****@host/db", ConnectionString.mask("postgres://bob:p@ss/w@host/db"));
  }

  @Test
  void passwordWithUnencodedQuestionMarkIsMaskedWhole() {
    assertEquals(
        "postgresql://bob:****@host/db", ConnectionString.mask("postgresql://bob:pa?ss@host/db"));
  }

  @Test
  void passwordQueryParametersAreMasked() {
    assertEquals(
        "jdbc:postgresql://h/db?user=bob&password=****&sslpassword=****&sslmode=require",
        ConnectionString.mask(
            "jdbc:postgresql://h/db?user=bob&password=secret&sslpassword=keypw&sslmode=require"));
  }

  @Test
  void percentEncodedPasswordParameterNameIsStillMasked() {
    assertEquals(
        "postgresql://h/db?pass%77ord=****",
        ConnectionString.mask("postgresql://h/db?pass%77ord=x"));
  }

  @Test
  void uriWithoutPasswordIsUnchanged() {
    assertEquals(
        "postgresql://bob@h:5432/db?sslmode=require",
        ConnectionString.mask("postgresql://bob@h:5432/db?sslmode=require"));
  }

  @Test
  void unquotedConninfoPasswordIsMasked() {
    assertEquals(
        "host=h password=**** dbname=app",
        ConnectionString.mask("host=h password=secret dbname=app"));
  }

  @Test
  void quotedConninfoPasswordWithEscapesIsMasked() {
    assertEquals(
        "host=h password = **** dbname=app",
        ConnectionString.mask("host=h password = 'se cr\\'et' dbname=app"));
  }

  @Test
  void unterminatedQuotedPasswordIsMaskedToTheEnd() {
    assertEquals("host=h password=****", ConnectionString.mask("host=h password='se cret"));
  }

  @Test
  void conninfoSslpasswordIsMasked() {
    assertEquals("sslpassword=**** host=h", ConnectionString.mask("sslpassword=k host=h"));
  }
}
