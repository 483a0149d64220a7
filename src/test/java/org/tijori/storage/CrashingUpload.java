package org.tijori.storage;

import java.nio.file.Path;
import java.util.Random;

/**
 * Run in its own JVM by {@link FileSystemCrashTests} and killed there with SIGKILL: {@code write}
 * writes one object forever, {@code commit} commits an object of 3 MiB and then waits to be killed.
 */
public final class CrashingUpload {

    public static void main(String[] args) throws Exception {
        var store = new FileSystemBlobStore(Path.of(args[1]));
        byte[] chunk = new byte[64 * 1024];
        new Random(1).nextBytes(chunk);
        BlobStore.Upload upload = store.begin(args[2]);
        if (args[0].equals("write")) {
            System.out.println("WRITING");
            System.out.flush();
            while (true) {
                upload.write(chunk);
            }
        }
        for (int i = 0; i < 48; i++) {
            upload.write(chunk);
        }
        upload.commit();
        System.out.println("COMMITTED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
