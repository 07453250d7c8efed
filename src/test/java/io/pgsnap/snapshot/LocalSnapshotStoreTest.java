package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a snapshot folder on a local disk without following links. */
class LocalSnapshotStoreTest {
  @TempDir Path dir;

  private LocalSnapshotStore store() throws IOException {
    Path root = Files.createDirectories(dir.resolve("snap"));
    Files.createDirectories(root.resolve("tables"));
    Files.writeString(root.resolve("tables/a.csv"), "abc");
    Files.writeString(dir.resolve("outside.csv"), "secret");
    Files.createSymbolicLink(root.resolve("tables/b.csv"), dir.resolve("outside.csv"));
    return new LocalSnapshotStore(root);
  }

  @Test
  void listingNamesEachEntryWithItsTypeWithoutFollowingLinks() throws IOException {
    List<SnapshotStore.Entry> entries =
        store().list("tables").stream()
            .sorted(Comparator.comparing(SnapshotStore.Entry::path))
            .toList();

    assertEquals(
        List.of(
            new SnapshotStore.Entry("tables/a.csv", SnapshotStore.Type.REGULAR, 3), entries.get(1)),
        entries);
    assertEquals(SnapshotStore.Type.LINK, entries.get(1).type());
  }

  @Test
  void aRegularFileOpensAndALinkIsRefusedBeforeOpening() throws IOException {
    LocalSnapshotStore store = store();
    try (InputStream in = store.open("tables/a.csv")) {
      assertEquals("abc", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }

    SnapshotStore.NotARegularFileException e =
        assertThrows(
            SnapshotStore.NotARegularFileException.class, () -> store.open("tables/b.csv"));
    assertEquals("tables/b.csv is a symbolic link", e.getMessage());
    assertThrows(NoSuchFileException.class, () -> store.open("tables/none.csv"));
  }

  @Test
  void anEntryBelowALinkedFolderIsReportedAsThatFolder() throws IOException {
    LocalSnapshotStore store = store();
    Path tables = store.root().resolve("tables");
    Files.move(tables, dir.resolve("moved"));
    Files.createSymbolicLink(tables, dir.resolve("moved"));

    assertEquals(
        Optional.of(
            new SnapshotStore.Entry(
                "tables",
                SnapshotStore.Type.LINK,
                Files.readAttributes(
                        tables,
                        java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    .size())),
        store.entry("tables/a.csv"));
    assertThrows(SnapshotStore.NotARegularFileException.class, () -> store.open("tables/a.csv"));
    assertThrows(SnapshotStore.NotARegularFileException.class, () -> store.list("tables"));
  }

  @Test
  void aPathThatLeavesTheFolderIsRefusedByTheStoreItself() throws IOException {
    LocalSnapshotStore store = store();
    assertThrows(IllegalArgumentException.class, () -> store.open("tables/../../outside.csv"));
    assertThrows(IllegalArgumentException.class, () -> store.open("/etc/passwd"));
  }
}
