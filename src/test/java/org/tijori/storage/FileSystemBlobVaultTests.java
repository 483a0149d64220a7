package org.tijori.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.tijori.StateDirectory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class FileSystemBlobVaultTests extends BlobVaultContract {

    @Autowired
    StateDirectory state;

    FileSystemBlobStore files() {
        return (FileSystemBlobStore) store;
    }

    @Override
    long objectsInStore() throws IOException {
        Path root = state.blobs();
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile)
                    .filter(path -> !path.getParent().equals(root.resolve(FileSystemBlobStore.TEMPORARY)))
                    .count();
        }
    }

    @Override
    byte[] rawObject(String name) throws IOException {
        return Files.readAllBytes(files().pathOf(name));
    }

    @Override
    void replaceRawObject(String name, byte[] ciphertext) throws IOException {
        Files.write(files().pathOf(name), ciphertext);
    }
}
