package org.tijori.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.tijori.account.MobileNumber;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A national-ID authority simulated by a JSON file: an array of people
 * {@code {"uid","name","dob" (YYYY-MM-DD),"gender" (M/F/T),"mobile","email"?,"photo"? (base64 JPEG)}}.
 * Every entry is checked when the file is read, so a bad file stops start-up instead of answering
 * wrongly later.
 */
final class RegistryFileIdAuthority implements IdAuthority {

    /** The registry used when {@code tijori.identity.registry-file} is unset: fictional residents. */
    static final String DEMO_REGISTRY = "identity/demo-registry.json";

    private static final List<String> FIELDS = List.of("uid", "name", "dob", "gender", "mobile", "email", "photo");

    private static final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** Base64 in a file is often wrapped over several lines. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    private final String source;

    private final Map<String, IdentityRecord> people;

    private RegistryFileIdAuthority(String source, Map<String, IdentityRecord> people) {
        this.source = source;
        this.people = Map.copyOf(people);
    }

    /**
     * Reads a registry file.
     *
     * @throws IdentityRegistryException when the file cannot be read or an entry breaks the rules
     */
    static RegistryFileIdAuthority read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
        catch (NoSuchFileException e) {
            throw new IdentityRegistryException("The national-ID registry " + file
                    + " (tijori.identity.registry-file) does not exist", e);
        }
        catch (IOException e) {
            throw new IdentityRegistryException("The national-ID registry " + file
                    + " (tijori.identity.registry-file) cannot be read: " + e, e);
        }
    }

    /** Reads the demo registry from the classpath. */
    static RegistryFileIdAuthority demo() {
        try (InputStream in = RegistryFileIdAuthority.class.getClassLoader().getResourceAsStream(DEMO_REGISTRY)) {
            if (in == null) {
                throw new IdentityRegistryException("The demo national-ID registry " + DEMO_REGISTRY
                        + " is missing from the classpath");
            }
            return read(in, "classpath:" + DEMO_REGISTRY);
        }
        catch (IOException e) {
            throw new IdentityRegistryException("The demo national-ID registry cannot be read: " + e, e);
        }
    }

    static RegistryFileIdAuthority read(InputStream in, String source) {
        JsonNode root;
        try {
            root = json.readTree(in);
        }
        catch (JacksonException e) {
            throw new IdentityRegistryException("The national-ID registry " + source + " is not valid JSON: "
                    + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IdentityRegistryException("The national-ID registry " + source
                    + " must be a JSON array of people {\"uid\", \"name\", \"dob\", \"gender\", \"mobile\", ...}");
        }
        Map<String, IdentityRecord> people = new HashMap<>();
        Map<String, Integer> entries = new HashMap<>();
        for (int index = 0; index < root.size(); index++) {
            IdentityRecord person;
            try {
                person = person(root.get(index));
            }
            catch (IllegalArgumentException e) {
                throw new IdentityRegistryException("The national-ID registry " + source + ", entry [" + index
                        + "]: " + e.getMessage());
            }
            Integer earlier = entries.putIfAbsent(person.uid().value(), index);
            if (earlier != null) {
                throw new IdentityRegistryException("The national-ID registry " + source + ", entry [" + index
                        + "]: \"uid\" " + person.uid().masked() + " is already held by entry [" + earlier + "]");
            }
            people.put(person.uid().value(), person);
        }
        return new RegistryFileIdAuthority(source, people);
    }

    @Override
    public Optional<IdentityRecord> find(NationalId uid) {
        return Optional.ofNullable(people.get(uid.value()));
    }

    /** How many people the registry holds. */
    int size() {
        return people.size();
    }

    /** Where the registry was read from. */
    String source() {
        return source;
    }

    private static IdentityRecord person(JsonNode entry) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException("must be an object {\"uid\", \"name\", \"dob\", \"gender\", \"mobile\", ...}");
        }
        for (String field : entry.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field \"" + field + "\"; the fields are " + FIELDS);
            }
        }
        NationalId uid = parse(entry, "uid", NationalId::parse);
        String name = parse(entry, "name", text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("A name is needed");
            }
            return text.strip();
        });
        LocalDate dob = parse(entry, "dob", RegistryFileIdAuthority::date);
        Gender gender = parse(entry, "gender", RegistryFileIdAuthority::gender);
        MobileNumber mobile = parse(entry, "mobile", MobileNumber::parse);
        String email = entry.has("email") && !entry.get("email").isNull()
                ? parse(entry, "email", RegistryFileIdAuthority::email) : null;
        byte[] photo = entry.has("photo") && !entry.get("photo").isNull()
                ? parse(entry, "photo", RegistryFileIdAuthority::photo) : null;
        return new IdentityRecord(uid, name, dob, gender, mobile, email, photo);
    }

    /** Reads a text field and converts it, naming the field in any problem. */
    private static <T> T parse(JsonNode entry, String field, Function<String, T> conversion) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        // Numbers are accepted where digits are expected ("uid": 234567890124).
        if (!node.isString() && !node.isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        try {
            return conversion.apply(node.asString());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + field + "\": " + e.getMessage(), e);
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a date written YYYY-MM-DD, such as 1990-08-15", e);
        }
    }

    private static Gender gender(String text) {
        try {
            return Gender.valueOf(text);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be M, F or T", e);
        }
    }

    private static String email(String text) {
        if (!EMAIL.matcher(text).matches()) {
            throw new IllegalArgumentException("must be an e-mail address");
        }
        return text;
    }

    private static byte[] photo(String text) {
        byte[] photo;
        try {
            photo = Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll(""));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be a JPEG image in base64", e);
        }
        // Every JPEG starts with a start-of-image marker followed by another marker.
        if (photo.length < 3 || (photo[0] & 0xFF) != 0xFF || (photo[1] & 0xFF) != 0xD8 || (photo[2] & 0xFF) != 0xFF) {
            throw new IllegalArgumentException("must be a JPEG image in base64");
        }
        return photo;
    }
}
