package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.catalog.AclItem.Privilege;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclItemTest {
  @Test
  void readsGranteePrivilegesAndGrantor() {
    assertEquals(
        new AclItem(
            "clerk",
            List.of(new Privilege("INSERT", false), new Privilege("SELECT", false)),
            "owner"),
        AclItem.parse("clerk=ar/owner"));
  }

  @Test
  void anEmptyGranteeIsPublic() {
    assertNull(AclItem.parse("=r/owner").grantee());
  }

  @Test
  void anAsteriskMarksTheGrantOptionOfThePrivilegeBeforeIt() {
    AclItem item = AclItem.parse("clerk=r*w/owner");

    assertEquals(List.of("SELECT"), item.keywords(true));
    assertEquals(List.of("UPDATE"), item.keywords(false));
  }

  @Test
  void everyTablePrivilegeLetterHasItsKeyword() {
    assertEquals(
        List.of(
            "INSERT",
            "SELECT",
            "UPDATE",
            "DELETE",
            "TRUNCATE",
            "REFERENCES",
            "TRIGGER",
            "MAINTAIN"),
        AclItem.parse("o=arwdDxtm/o").keywords(false));
  }

  @Test
  void quotedNamesUndoubleTheirQuotes() {
    AclItem item = AclItem.parse("\"Mixed \"\"Case\"\"\"=r/\"a/b=c\"");

    assertEquals("Mixed \"Case\"", item.grantee());
    assertEquals("a/b=c", item.grantor());
  }

  @Test
  void unknownLettersRepeatsAndEmptyPrivilegesAreRefused() {
    assertEquals(
        "has the unknown privilege letter 'U'",
        assertThrows(IllegalArgumentException.class, () -> AclItem.parse("clerk=U/owner"))
            .getMessage());
    assertEquals(
        "repeats the privilege letter 'r'",
        assertThrows(IllegalArgumentException.class, () -> AclItem.parse("clerk=rr/owner"))
            .getMessage());
    assertEquals(
        "grants no privilege",
        assertThrows(IllegalArgumentException.class, () -> AclItem.parse("clerk=/owner"))
            .getMessage());
  }

  @Test
  void malformedNamesAndMissingPartsAreRefused() {
    for (String text :
        List.of(
            "clerk=r",
            "clerk=r/",
            "clerk r/owner",
            "clerk=r/owner extra",
            "\"clerk=r/owner",
            "\"\"=r/owner",
            "clerk;drop=r/owner",
            "clerk=r/own\"er")) {
      assertThrows(IllegalArgumentException.class, () -> AclItem.parse(text), text);
    }
  }
}
