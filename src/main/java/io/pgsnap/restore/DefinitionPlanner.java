package io.pgsnap.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.RestoreOptions;
import io.pgsnap.catalog.ExistingObjectsReader;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.snapshot.ManifestJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Plans the {@code define} phase of {@code restore --create}: the objects the created tables use
 * ({@link UsedObject}), created before them in the manifest's dependency order, in the one
 * transaction. An object the target already has is read with the export's own queries and compared
 * with the snapshot's record (owner, privileges and comment aside): the same definition is reused;
 * another is refused before anything changes, each difference listed, unless {@code
 * --keep-target-objects} accepts the target's version. An extension the server cannot install at
 * the recorded version is refused while planning.
 *
 * <p>A schema is created only when a created table or a used object lives in it: with {@code
 * --into-schema} or {@code --rename} the tables' own schemas are not needed, while shared types and
 * functions stay where they were.
 */
final class DefinitionPlanner {
  private static final ObjectMapper JSON = ManifestJson.newMapper();

  /**
   * The define phase.
   *
   * @param define the statements, run before the tables are created
   * @param afterSequences statements that need the restore's standalone sequences: the defaults of
   *     domains that draw from one
   * @param undo drops what {@code define} creates, last made first, for a parallel restore that
   *     failed after committing it
   * @param schemas the schemas that exist once {@code define} ran, of those it handles
   */
  record Definitions(
      List<PlannedStatement> define,
      List<PlannedStatement> afterSequences,
      List<PlannedStatement> undo,
      Set<String> schemas) {
    static final Definitions NONE = new Definitions(List.of(), List.of(), List.of(), Set.of());

    Definitions {
      define = List.copyOf(define);
      afterSequences = List.copyOf(afterSequences);
      undo = List.copyOf(undo);
      schemas = Set.copyOf(schemas);
    }
  }

  private DefinitionPlanner() {}

  /**
   * Plans the define phase for tables created in {@code tableSchemas}.
   *
   * @param objects the manifest's used objects, in dependency order
   * @param tableSchemas the schemas the restore creates tables in
   * @param options {@code --keep-target-objects} (a different existing object is accepted), {@code
   *     --no-owner} and {@code --no-privileges} (for the created objects)
   * @param notes receives each object reused, kept or skipped
   * @throws PgsnapException {@link ErrorCode#USAGE} for existing objects that differ (without
   *     {@code keepTargetObjects}) and for extensions the server lacks
   */
  static Definitions plan(
      Connection connection,
      List<UsedObject> objects,
      Collection<String> tableSchemas,
      RestoreOptions options,
      List<String> notes)
      throws SQLException {
    boolean keepTargetObjects = options.keepTargetObjects();
    if (objects.isEmpty() || tableSchemas.isEmpty()) {
      return Definitions.NONE;
    }
    Set<String> neededSchemas = new TreeSet<>(tableSchemas);
    for (UsedObject o : objects) {
      String schema = schemaOf(o);
      if (schema != null) {
        neededSchemas.add(schema);
      }
    }
    ExistingObjectsReader.Existing existing = new ExistingObjectsReader(connection).read(objects);
    List<UsedObject> toCreate = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    Set<String> schemas = new TreeSet<>();
    for (UsedObject o : objects) {
      String what = DefinitionStatements.describe(o);
      if (o instanceof UsedObject.Schema s && !neededSchemas.contains(s.name())) {
        notes.add(what + ": skipped, no created table or used object is in it");
        continue;
      }
      if (o instanceof UsedObject.Schema s) {
        schemas.add(s.name());
      }
      String key = ExistingObjectsReader.key(o);
      UsedObject target = existing.found().get(key);
      if (existing.otherKind().contains(key)) {
        differences.add(what + ": the target has another kind of object of that name");
      } else if (target == null) {
        toCreate.add(o);
      } else if (target.withoutOwnership().equals(o.withoutOwnership())) {
        notes.add(what + ": exists in the target with the same definition, reused");
      } else {
        differences.add(what + ": " + String.join("; ", differences(o, target)));
      }
    }
    if (!differences.isEmpty() && !keepTargetObjects) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the target database already has objects the tables use, with definitions other than"
              + " the snapshot's:\n  "
              + String.join("\n  ", differences)
              + "\nNothing was changed. Restore into a database without them, change or drop them"
              + " first, or pass --keep-target-objects to use the target's versions");
    }
    differences.forEach(
        d -> notes.add(d + "; the target's version is kept (--keep-target-objects)"));
    checkExtensionsAvailable(connection, toCreate);
    List<PlannedStatement> define = new ArrayList<>();
    if (toCreate.stream().anyMatch(o -> o instanceof UsedObject.Function)) {
      define.add(DefinitionStatements.noFunctionBodyChecks());
    }
    List<PlannedStatement> undo = new ArrayList<>();
    for (UsedObject o : toCreate) {
      define.addAll(DefinitionStatements.create(o));
      undo.add(0, DefinitionStatements.drop(o));
    }
    Set<String> missingRoles =
        new TargetRoles(connection).missing(DefinitionOwnership.roles(toCreate));
    define.addAll(
        DefinitionOwnership.statements(
            toCreate, options.noOwner(), options.noPrivileges(), missingRoles, notes));
    return new Definitions(define, DefinitionStatements.sequenceDefaults(toCreate), undo, schemas);
  }

  /** Each field in which the target's definition differs from the snapshot's. */
  private static List<String> differences(UsedObject snapshot, UsedObject target) {
    if (snapshot.kind() != target.kind()) {
      return List.of(
          "it is a "
              + target.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " in the target, a "
              + snapshot.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " in the snapshot");
    }
    JsonNode ours = JSON.valueToTree(snapshot.withoutOwnership());
    JsonNode theirs = JSON.valueToTree(target.withoutOwnership());
    List<String> result = new ArrayList<>();
    for (Iterator<String> names = ours.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!ours.get(field).equals(theirs.get(field))) {
        result.add(
            field
                + " is "
                + theirs.get(field)
                + " in the target, "
                + ours.get(field)
                + " in the snapshot");
      }
    }
    return result;
  }

  /** Refuses extensions the server cannot install at the recorded version. */
  private static void checkExtensionsAvailable(Connection connection, List<UsedObject> toCreate)
      throws SQLException {
    List<UsedObject.Extension> extensions =
        toCreate.stream()
            .filter(o -> o instanceof UsedObject.Extension)
            .map(o -> (UsedObject.Extension) o)
            .toList();
    if (extensions.isEmpty()) {
      return;
    }
    Map<String, List<String>> available = new HashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT name, version FROM pg_catalog.pg_available_extension_versions"
                + " WHERE name = ANY (?::pg_catalog.text[]) ORDER BY name, version")) {
      ps.setArray(
          1,
          connection.createArrayOf(
              "text", extensions.stream().map(UsedObject.Extension::name).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          available.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (UsedObject.Extension e : extensions) {
      List<String> versions = available.getOrDefault(e.name(), List.of());
      if (!versions.contains(e.version())) {
        missing.add(
            "extension "
                + e.name()
                + " version "
                + e.version()
                + (versions.isEmpty()
                    ? " (the server has no such extension)"
                    : " (the server offers " + String.join(", ", versions) + ")"));
      }
    }
    if (!missing.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the tables use "
              + missing.stream().collect(Collectors.joining(", "))
              + ", which the target server cannot install. Install the extension's package on the"
              + " server (or the version the snapshot names), or restore into a server that has"
              + " it");
    }
  }

  /** The schema an object lives in, or {@code null} for a schema itself. */
  private static String schemaOf(UsedObject o) {
    if (o instanceof UsedObject.Extension e) {
      return e.schema();
    } else if (o instanceof UsedObject.Schema) {
      return null;
    }
    return switch (o.kind()) {
      case COLLATION -> ((UsedObject.Collation) o).id().schema();
      case ENUM -> ((UsedObject.EnumType) o).id().schema();
      case DOMAIN -> ((UsedObject.Domain) o).id().schema();
      case COMPOSITE -> ((UsedObject.CompositeType) o).id().schema();
      case RANGE -> ((UsedObject.RangeType) o).id().schema();
      case FUNCTION -> ((UsedObject.Function) o).id().schema();
      default -> throw new IllegalStateException("unexpected " + o.kind());
    };
  }
}
