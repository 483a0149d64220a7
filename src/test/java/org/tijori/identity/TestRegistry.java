package org.tijori.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A national-ID registry file of made-up people, for tests and benchmarks that need more people (or
 * other numbers) than the demo registry holds.
 *
 * @param file the registry, in the format of {@code tijori.identity.registry-file}
 * @param uids the people's national IDs, valid under Verhoeff's check
 * @param mobiles their mobile numbers, in the same order
 */
public record TestRegistry(Path file, List<String> uids, List<String> mobiles) {

    /** {@code people} people whose IDs start with 4 and whose numbers start with 6, from {@code seed}. */
    public static TestRegistry write(int people, long seed) throws IOException {
        return write(people, seed, Map.of());
    }

    /** As {@link #write(int, long)}, the people at the given indexes with these photos (JPEG, sent in base64). */
    public static TestRegistry write(int people, long seed, Map<Integer, byte[]> photos) throws IOException {
        List<String> uids = new ArrayList<>();
        List<String> mobiles = new ArrayList<>();
        var json = new StringBuilder("[");
        long base = Math.floorMod(seed, 90_000_000L) * 100;
        for (int i = 0; i < people; i++) {
            String body = "4" + String.format("%010d", base + i);
            String uid = body + Verhoeff.checkDigit(body);
            String mobile = String.valueOf(6_000_000_000L + Math.floorMod(base + i, 3_999_999_999L));
            uids.add(uid);
            mobiles.add(mobile);
            json.append(i == 0 ? "" : ",").append("{\"uid\":\"").append(uid).append("\",\"name\":\"Person ").append(i)
                    .append("\",\"dob\":\"1990-01-").append(String.format("%02d", i % 28 + 1))
                    .append("\",\"gender\":\"F\",\"mobile\":\"").append(mobile).append("\"");
            if (photos.containsKey(i)) {
                json.append(",\"photo\":\"").append(Base64.getEncoder().encodeToString(photos.get(i))).append("\"");
            }
            json.append("}");
        }
        Path file = Files.createTempFile("registry", ".json");
        Files.writeString(file, json.append("]").toString());
        return new TestRegistry(file, uids, mobiles);
    }
}
