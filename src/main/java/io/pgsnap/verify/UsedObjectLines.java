package io.pgsnap.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.snapshot.ManifestJson;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the tables use (types, domains, functions, collations, extensions, schemas) as one line per
 * object, sorted by kind and name, so that a {@link LineDiff} names each object added, removed or
 * changed: {@code enum public.mood: {"kind":"enum",...}} with every recorded field, owner,
 * privileges and comment included.
 */
final class UsedObjectLines {
  private static final ObjectMapper JSON = ManifestJson.newMapper();

  private UsedObjectLines() {}

  /** The lines that differ between two sides' objects; empty when they are the same. */
  static List<String> diff(List<UsedObject> first, List<UsedObject> second) {
    return LineDiff.diff(of(first), of(second));
  }

  static List<String> of(List<UsedObject> objects) {
    return objects.stream()
        .sorted(Comparator.comparing(UsedObject::kind).thenComparing(UsedObject::displayName))
        .map(UsedObjectLines::line)
        .toList();
  }

  private static String line(UsedObject o) {
    try {
      return o.kind().name().toLowerCase(Locale.ROOT)
          + " "
          + o.displayName()
          + ": "
          + JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not describe " + o.displayName(), e);
    }
  }
}
