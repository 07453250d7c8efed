package io.pgsnap.snapshot;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks a {@code manifest.json} against the manifest's JSON Schema ({@code
 * schema/manifest.schema.json} in the source tree, {@value #RESOURCE} in the jar).
 *
 * <p>The schema is JSON Schema draft 2020-12 and closed: every object lists all of its properties,
 * so a manifest with a missing, misspelt or added property, an out-of-range count, a malformed
 * checksum, an unknown enum value or a file path outside {@code tables/} is reported. Formats are
 * asserted, so {@code startedAt} and {@code finishedAt} must be valid RFC 3339 date-times.
 *
 * <p>Parsing is stricter than reading a manifest with {@link ManifestJson}: a property given twice
 * in one object, or anything after the top-level value, is a problem too, since either could hide a
 * tampered value from one reader and show it to another.
 *
 * <p>Instances are immutable and safe to share between threads; {@link #load()} returns one shared
 * instance.
 */
public final class ManifestSchema {
  /** The class-path location of the schema inside the jar. */
  public static final String RESOURCE = "/io/pgsnap/schema/manifest.schema.json";

  /** The schema's {@code $id}: the schema of snapshot format version 1. */
  public static final String ID = "https://pgsnap.io/schema/manifest-1.json";

  /** How {@link #problems} names the top-level value, whose JSON pointer is the empty string. */
  static final String ROOT = "(root)";

  /**
   * The parser's note on where an unclosed object or array started, which names an input source
   * that does not exist here ({@code [Source: REDACTED ...]}); the problem already says where.
   */
  private static final Pattern PARSER_SOURCE =
      Pattern.compile(" ?\\(start marker at \\[Source: [^\\]]*\\]\\)");

  private final JsonSchema schema;
  private final ObjectReader reader;

  private ManifestSchema(JsonSchema schema, ObjectReader reader) {
    this.schema = schema;
    this.reader = reader;
  }

  /**
   * The manifest schema bundled with this build of pgsnap, loaded once and shared.
   *
   * @throws IllegalStateException when the schema is missing from the class path or unreadable,
   *     which means the build is broken
   */
  public static ManifestSchema load() {
    if (Bundled.FAILURE != null) {
      throw new IllegalStateException(Bundled.FAILURE.getMessage(), Bundled.FAILURE);
    }
    return Bundled.INSTANCE;
  }

  /**
   * Validates a manifest.
   *
   * @param json the manifest's bytes, UTF-8 JSON text
   * @return one line per problem, each {@code <JSON pointer>: <message>} where the pointer names
   *     the offending value ({@code (root)} for the top-level object, e.g. {@code (root): required
   *     property 'overallChecksum' not found} or {@code /tables/0/sha256: does not match the regex
   *     pattern ^[0-9a-f]{64}$}), sorted; empty when the manifest is valid. Text that is not JSON
   *     gives a single problem saying where parsing stopped.
   */
  public List<String> problems(byte[] json) {
    Objects.requireNonNull(json, "json");
    JsonNode document;
    try (JsonParser parser = reader.createParser(json)) {
      document = reader.readTree(parser);
      if (document == null || document.isMissingNode()) {
        return List.of(ROOT + ": the document is empty; expected a JSON object");
      }
      if (parser.nextToken() != null) {
        return List.of(
            ROOT
                + ": not valid JSON: unexpected content after the top-level value"
                + at(parser.currentTokenLocation()));
      }
    } catch (JsonProcessingException e) {
      return List.of(notJson(e));
    } catch (IOException e) {
      throw new UncheckedIOException("could not parse bytes held in memory", e);
    }
    return schema.validate(document).stream().map(ManifestSchema::describe).sorted().toList();
  }

  /**
   * Validates a manifest file, as {@link #problems(byte[])} does.
   *
   * @param file the {@code manifest.json} to check
   * @return the problems found, empty when the manifest is valid
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the file is missing (the snapshot is
   *     incomplete or not a snapshot), {@link ErrorCode#STORAGE} when it cannot be read
   */
  public List<String> problems(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY, file + " is missing: the snapshot is incomplete or not a snapshot");
    } catch (IOException e) {
      throw new PgsnapException(ErrorCode.STORAGE, "could not read " + file + ": " + e, e);
    }
    return problems(json);
  }

  private static String describe(ValidationMessage message) {
    return pointer(message.getInstanceLocation().toString()) + ": " + message.getError();
  }

  private static String notJson(JsonProcessingException e) {
    String where = "";
    if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
      where = parser.getParsingContext().pathAsPointer().toString();
    }
    String message = PARSER_SOURCE.matcher(e.getOriginalMessage()).replaceAll("");
    return pointer(where) + ": not valid JSON: " + message + at(e.getLocation());
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String pointer(String jsonPointer) {
    return jsonPointer.isEmpty() ? ROOT : jsonPointer;
  }

  /** Reads and compiles the bundled schema. */
  private static ManifestSchema fromClassPath() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    JsonNode schemaNode;
    try (InputStream in = ManifestSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the manifest schema " + RESOURCE + " is missing from the class path");
      }
      schemaNode = mapper.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("could not read the manifest schema " + RESOURCE, e);
    }
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .locale(Locale.ENGLISH)
            .build();
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(schemaNode, config);
    // Resolve every $ref now, so that validation never loads anything and the instance is
    // effectively immutable once published.
    schema.initializeValidators();
    return new ManifestSchema(schema, mapper.reader());
  }

  /**
   * Holds the shared instance, or why it could not be loaded; the class is initialised, and the
   * schema loaded, on first use.
   */
  private static final class Bundled {
    static final ManifestSchema INSTANCE;
    static final RuntimeException FAILURE;

    static {
      ManifestSchema instance = null;
      RuntimeException failure = null;
      try {
        instance = fromClassPath();
      } catch (RuntimeException e) {
        failure = e;
      }
      INSTANCE = instance;
      FAILURE = failure;
    }
  }
}
