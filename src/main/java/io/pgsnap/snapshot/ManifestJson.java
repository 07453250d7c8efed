package io.pgsnap.snapshot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads and writes {@code manifest.json}. Enum values are written in lower case ({@code csv},
 * {@code zstd}, {@code partitioned}); times as ISO-8601 UTC instants; map keys sorted, so the same
 * manifest always gives the same bytes.
 */
public final class ManifestJson {
  private final ObjectMapper mapper =
      newMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /**
   * The mapper pgsnap uses for all of its JSON output (manifest, {@code --json}, log lines); maps
   * keep their insertion order.
   */
  public static ObjectMapper newMapper() {
    SimpleModule lowerCaseEnums = new SimpleModule("lower-case-enums");
    lowerCaseEnums.addSerializer(
        Enum.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Enum value, JsonGenerator gen, SerializerProvider serializers)
              throws IOException {
            gen.writeString(value.name().toLowerCase(Locale.ROOT));
          }
        });
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(lowerCaseEnums)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  /** The manifest as indented UTF-8 JSON text ending in a newline. */
  public byte[] toBytes(Manifest manifest) {
    try {
      byte[] json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
      byte[] withNewline = Arrays.copyOf(json, json.length + 1);
      withNewline[json.length] = '\n';
      return withNewline;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise the manifest", e);
    }
  }

  /**
   * Reads a manifest. A missing or malformed file is an {@link ErrorCode#INTEGRITY} failure; an
   * unreadable one a {@link ErrorCode#STORAGE} failure.
   */
  public Manifest read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return mapper.readValue(in, Manifest.class);
    } catch (NoSuchFileException e) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY, file + " is missing: the snapshot is incomplete or not a snapshot");
    } catch (JsonProcessingException e) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY,
          file + " is not a valid pgsnap manifest: " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new PgsnapException(ErrorCode.STORAGE, "could not read " + file + ": " + e, e);
    }
  }
}
