package io.pgsnap.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.catalog.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesEncoderTest {
  private static Column column(String name, String type) {
    return new Column(
        name, type, false, null, Column.Generated.NONE, null, Column.Identity.NONE, null);
  }

  private static String encode(List<Column> columns, String... copyRows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLinesEncoder encoder = new JsonLinesEncoder(columns, out);
    for (String row : copyRows) {
      encoder.write(row.getBytes(StandardCharsets.UTF_8));
    }
    encoder.finish();
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code text} as COPY's text format prints it. */
  private static String copyEscaped(String text) {
    return text.replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        .replace("\b", "\\b")
        .replace("\f", "\\f")
        .replace("\u000b", "\\v");
  }

  /**
   * Jackson's generator, which earlier versions exported with, wrote characters beyond U+FFFF as
   * escaped surrogate pairs unless told to combine them; the encoder writes their UTF-8, which
   * every JSON reader takes for the same text.
   */
  @Test
  void everyCharacterIsWrittenAsJacksonsGeneratorWritesIt() throws IOException {
    StringBuilder text = new StringBuilder();
    for (char c = 1; c < 128; c++) {
      text.append(c);
    }
    text.append("ünï 😀 \u2028");
    List<Column> columns =
        List.of(
            column("s", "text"),
            column("n", "bigint"),
            column("b", "boolean"),
            column("z", "text"),
            column("we\"ird", "text"));

    String written = encode(columns, copyEscaped(text.toString()) + "\t-42\tt\t\\N\t\n");

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    JsonFactory jackson =
        JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    try (JsonGenerator g = jackson.createGenerator(expected, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("s", text.toString());
      g.writeFieldName("n");
      g.writeNumber("-42");
      g.writeBooleanField("b", true);
      g.writeNullField("z");
      g.writeStringField("we\"ird", "");
      g.writeEndObject();
    }
    assertEquals(expected.toString(StandardCharsets.UTF_8) + "\n", written);
  }

  @Test
  void octalAndHexEscapesOfCopyBecomeTheirCharacters() throws IOException {
    assertEquals(
        "{\"s\":\"AA\\u0001x\"}\n", encode(List.of(column("s", "text")), "\\101\\x41\\1\\x\n"));
  }

  @Test
  void aValueLongerThanTheBufferIsWrittenWholeWithItsEscapes() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      text.append("a\"b\\c\nü😀\u0001");
    }

    String written = encode(List.of(column("s", "text")), copyEscaped(text.toString()) + "\n");

    assertEquals(text.toString(), new ObjectMapper().readTree(written).get("s").asText());
  }

  @Test
  void aRowOfNoColumnsIsAnEmptyObject() throws IOException {
    assertEquals("{}\n{}\n", encode(List.of(), "\n", "\n"));
  }
}
