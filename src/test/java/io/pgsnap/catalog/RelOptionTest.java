package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelOptionTest {
  @Test
  void readsNameAndValueAndWritesTheValueAsALiteral() {
    RelOption option = RelOption.parse("fillfactor=70");

    assertEquals(new RelOption("fillfactor", "70"), option);
    assertEquals("\"fillfactor\" = '70'", option.sql());
  }

  @Test
  void aToastParameterKeepsItsNamespace() {
    assertEquals(
        "\"toast\".\"autovacuum_enabled\" = 'false'",
        RelOption.parse("toast.autovacuum_enabled=false").sql());
  }

  @Test
  void theValueIsEverythingAfterTheFirstEqualsSignQuoted() {
    assertEquals("\"x\" = 'a=b'')'", RelOption.parse("x=a=b')").sql());
  }

  @Test
  void namesOtherThanLowerCaseWordsAreRefused() {
    for (String text :
        List.of(
            "Fillfactor=70",
            "fill factor=70",
            "a.b.c=1",
            "fillfactor",
            "=70",
            "fillfactor=",
            "x)=1",
            "1x=1",
            "toast.=1")) {
      assertThrows(IllegalArgumentException.class, () -> RelOption.parse(text), text);
    }
  }
}
