package org.tijori.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The store remembers the folders it made; one removed behind its back is made again. */
class FileSystemBlobStoreTests {

    @Test
    void aFolderRemovedBehindTheStoresBackIsMadeAgain(@TempDir Path root) throws Exception {
        var store = new FileSystemBlobStore(root);
        write(store, "abcd0001", "first");
        removeTree(root.resolve("ab"));
        assertThat(store.exists("abcd0001")).isFalse();

        write(store, "abcd0002", "second");

        assertThat(Files.readString(store.pathOf("abcd0002"))).isEqualTo("second");
        assertThat(store.pathOf("abcd0002").getParent()).isEqualTo(root.toAbsolutePath().resolve("ab").resolve("cd"));
    }

    @Test
    void objectsInTheSameFolderShareIt(@TempDir Path root) throws Exception {
        var store = new FileSystemBlobStore(root);
        write(store, "abcd0001", "first");
        write(store, "abcd0002", "second");
        write(store, "abce0003", "third");

        assertThat(Files.readString(store.pathOf("abcd0001"))).isEqualTo("first");
        assertThat(Files.readString(store.pathOf("abcd0002"))).isEqualTo("second");
        assertThat(Files.readString(store.pathOf("abce0003"))).isEqualTo("third");
        try (Stream<Path> temporary = Files.list(root.resolve(FileSystemBlobStore.TEMPORARY))) {
            assertThat(temporary).isEmpty();
        }
    }

    private static void write(FileSystemBlobStore store, String name, String text) throws IOException {
        try (BlobStore.Upload upload = store.begin(name)) {
            upload.write(text.getBytes(StandardCharsets.UTF_8));
            upload.commit();
        }
    }

    private static void removeTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
