package org.tijori.gateway.partner;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.CipherOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.TijoriProperties;
import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;
import org.tijori.gateway.token.PartnerAccess;
import org.tijori.locker.Folder;
import org.tijori.locker.FolderId;
import org.tijori.locker.LockerProblemException;
import org.tijori.locker.UploadedDocument;
import org.tijori.locker.UploadedDocuments;

import org.springframework.stereotype.Service;

/**
 * DigiLocker's upload (ADR 23, operation 5) without HTTP: a requester puts a file into the resident's uploaded
 * documents. The web layer has already refused a body without a declared length or longer than an upload may be,
 * and a token without {@code files.upload}; here, in this order:
 * <ol>
 * <li>the headers: {@code path} ({@code /Folder/name.pdf} or {@code name.pdf}, into a folder the resident has),
 * {@code hmac}, {@code Content-Type} (one of the locker's types; {@code application/octet-stream} leaves the type to
 * the content);</li>
 * <li>the body is streamed to a temporary file in {@code data-dir/tmp}, encrypted with a key that only this request
 * holds, while its HMAC is computed;</li>
 * <li>the HMAC must be the requester's of the bytes received, and the content's type one the locker takes and the one
 * declared; otherwise the file is deleted and nothing is stored;</li>
 * <li>the locker stores it as a resident's upload ({@link UploadedDocuments#upload}: quota, type, uploads per
 * hour), and the {@link AccessLog} records the write as the requester's.</li>
 * </ol>
 * Every refusal is DigiLocker's code and counted among the requester's errors.
 */
@Service
public class PartnerUploads {

    /** The operation's name, as the access log and the resident's connected apps show it. */
    public static final String UPLOAD = "upload";

    /** What the temporary files of uploads under way are called in {@code data-dir/tmp}. */
    public static final String TEMPORARY_PREFIX = "partner-upload-";

    static final int MAX_NAME = 200;

    private static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(PartnerUploads.class);

    private static final String OCTET_STREAM = "application/octet-stream";

    /** Characters DigiLocker refuses in a file name, and those that could split a header or disguise a name. */
    private static final Pattern RESTRICTED = Pattern.compile(
            "[\\\\/:*?\"<>|\\p{Cntrl}\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]");

    private static final SecureRandom random = new SecureRandom();

    private final UploadedDocuments uploads;

    private final RequesterHmacs hmacs;

    private final AccessLog accesses;

    private final Path temporary;

    PartnerUploads(UploadedDocuments uploads, RequesterHmacs hmacs, AccessLog accesses, TijoriProperties tijori)
            throws IOException {
        this.uploads = uploads;
        this.hmacs = hmacs;
        this.accesses = accesses;
        this.temporary = Files.createDirectories(tijori.dataDir().resolve("tmp"));
        removeLeftovers();
    }

    /**
     * Stores a requester's file in the resident's uploaded documents.
     *
     * @param body the request's body, at most {@code request.declaredLength()} bytes
     * @throws GatewayProblemException {@code 400} with DigiLocker's code for each thing wrong with the request
     * @throws PartnerThrottledException when the resident's uploads of the hour are spent
     */
    public Uploaded upload(PartnerAccess access, Request request, InputStream body) throws IOException {
        Destination destination = destination(access, request);
        if (!request.hmacRefused() && (request.hmac() == null || request.hmac().isBlank())) {
            throw refused(access, "hmac_missing", "HMAC parameter is missing");
        }
        String declaredType = declaredType(access, request.contentType());
        if (request.declaredLength() <= 0) {
            throw refused(access, "file_data_missing", "Missing file content in the request");
        }
        if (request.declaredLength() > uploads.maxUploadBytes()) {
            throw refused(access, "invalid_filesize", "The file size exceeds maximum allowed file size of "
                    + megabytes(uploads.maxUploadBytes()));
        }
        Folder folder = null;
        if (destination.folder() != null) {
            folder = uploads.folderNamed(access.account(), destination.folder())
                    .orElseThrow(() -> refused(access, "invalid_path", "The destination folder does not exist"));
        }
        Path file = Files.createTempFile(temporary, TEMPORARY_PREFIX, ".part", ownerOnly());
        try {
            Sealed sealed = new Sealed();
            Mac mac = hmacs.keyedFor(access.requester()).orElse(null);
            long size = receive(access, body, request.declaredLength(), file, sealed, mac);
            if (size < request.declaredLength()) {
                throw refused(access, "file_data_missing", "Missing file content in the request");
            }
            if (mac == null || request.hmacRefused()
                    || !MessageDigest.isEqual(mac.doFinal(), decoded(request.hmac()))) {
                throw refused(access, "hmac_mismatch", "HMAC does not match");
            }
            String actualType;
            try (InputStream in = new BufferedInputStream(sealed.open(file), 64 * 1024)) {
                actualType = uploads.mediaTypeOf(in);
            }
            if (!uploads.uploadTypes().contains(actualType)) {
                throw refused(access, "invalid_filetype", "The file type is not allowed");
            }
            if (declaredType != null && !declaredType.equals(actualType)) {
                throw refused(access, "mimetype_mismatch", "The mimetype provided in Content-Type parameter does "
                        + "not match with the mimetype of the file");
            }
            UploadedDocument stored;
            try (InputStream in = sealed.open(file)) {
                stored = uploads.upload(access.account(), destination.name(), size, in,
                        folder == null ? null : folder.id(), null);
            }
            catch (LockerProblemException e) {
                throw refused(access, e);
            }
            String uri = UploadedUri.of(stored.id());
            accesses.read(access, UPLOAD, uri);
            String path = (folder == null ? "/" : "/" + folder.name() + "/") + stored.name();
            return new Uploaded(path, stored.size(), uri);
        }
        finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Removes the temporary files of uploads a stopped process left behind, an hour old at least so that no upload
     * under way is touched. They hold nothing readable: their keys died with the requests.
     */
    private void removeLeftovers() {
        Instant before = Instant.now().minus(LEFTOVER_AGE);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(temporary, TEMPORARY_PREFIX + "*")) {
            for (Path leftover : leftovers) {
                if (Files.getLastModifiedTime(leftover).toInstant().isBefore(before)) {
                    Files.deleteIfExists(leftover);
                }
            }
        }
        catch (IOException e) {
            log.warn("Leftover uploads in {} could not be removed", temporary, e);
        }
    }

    /**
     * Copies the body, encrypted, to {@code file} while the MAC reads it; answers how many bytes came. A body that
     * breaks off is refused as missing content (its sender is gone, and nothing of it is kept).
     */
    private long receive(PartnerAccess access, InputStream body, long declared, Path file, Sealed sealed, Mac mac)
            throws IOException {
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = sealed.create(file)) {
            while (size < declared) {
                int read;
                try {
                    read = body.read(buffer, 0, (int) Math.min(buffer.length, declared - size));
                }
                catch (IOException brokenOff) {
                    throw refused(access, "file_data_missing", "Missing file content in the request");
                }
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                if (mac != null) {
                    mac.update(buffer, 0, read);
                }
                size += read;
            }
        }
        return size;
    }

    /**
     * The folder and name {@code path} names: {@code /Folder/name.pdf}, {@code Folder/name.pdf} or {@code name.pdf}.
     * A locker's folders are one level deep and their names hold no slash, so a path through two folders names one
     * that is not found.
     */
    private Destination destination(PartnerAccess access, Request request) {
        if (request.pathRefused()) {
            throw refused(access, "invalid_filename", "Restricted characters are not allowed in file name: send "
                    + "a path outside ASCII percent-encoded as UTF-8");
        }
        String header = request.path();
        if (header == null || header.isBlank()) {
            throw refused(access, "path_missing", "Path parameter is missing");
        }
        String path = percentDecoded(header.strip());
        String rest = path.startsWith("/") ? path.substring(1) : path;
        int slash = rest.lastIndexOf('/');
        String folder = slash < 0 ? null : rest.substring(0, slash);
        String name = rest.substring(slash + 1);
        if (name.isBlank()) {
            throw refused(access, "filename_missing", "Filename is missing in path parameter");
        }
        if (name.length() > MAX_NAME || name.startsWith(".") || !name.equals(name.strip())
                || RESTRICTED.matcher(name).find()) {
            throw refused(access, "invalid_filename", "Restricted characters are not allowed in file name");
        }
        return new Destination(folder, name);
    }

    /** The type {@code Content-Type} declares, DigiLocker's aliases taken; null when it leaves it to the content. */
    private String declaredType(PartnerAccess access, String header) {
        if (header == null || header.isBlank()) {
            throw refused(access, "contenttype_missing", "Content-Type parameter is missing");
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        type = switch (type) {
            case "image/jpg" -> "image/jpeg";
            case "image/pdf" -> "application/pdf";
            default -> type;
        };
        if (OCTET_STREAM.equals(type)) {
            return null;
        }
        if (!uploads.uploadTypes().contains(type)) {
            throw refused(access, "invalid_filetype", "The file type is not allowed");
        }
        return type;
    }

    private GatewayProblemException refused(PartnerAccess access, LockerProblemException problem) {
        return switch (problem.kind()) {
            case TOO_LARGE -> refused(access, "invalid_filesize", "The file size exceeds maximum allowed file size of "
                    + megabytes(uploads.maxUploadBytes()));
            // DigiLocker's codes have none for a full locker: the file's size is what does not fit.
            case QUOTA_EXCEEDED -> refused(access, "invalid_filesize", "The file does not fit in the resident's "
                    + "locker: " + problem.getMessage());
            case UNSUPPORTED_TYPE -> refused(access, "invalid_filetype", "The file type is not allowed");
            case INVALID -> refused(access, "file_data_missing", "Missing file content in the request");
            case NOT_FOUND -> refused(access, "invalid_path", "The destination folder does not exist");
            case RATE_LIMITED -> {
                accesses.failed(access, UPLOAD, 429, "too_many_requests");
                throw new PartnerThrottledException(Duration.ofMinutes(1), "The resident's locker has taken many "
                        + "uploads in the last hour.");
            }
            default -> throw problem;
        };
    }

    private GatewayProblemException refused(PartnerAccess access, String error, String description) {
        accesses.failed(access, UPLOAD, 400, error);
        return new GatewayProblemException(Kind.INVALID, error, description);
    }

    /**
     * The path with its percent-encoded bytes decoded as UTF-8, the one way a name outside ASCII passes HTTP's
     * headers; taken as it is when it is not percent-encoded UTF-8 (a literal {@code 100%.pdf}).
     */
    private static String percentDecoded(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        var bytes = new java.io.ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length()) {
                    return path;
                }
                int high = Character.digit(path.charAt(i + 1), 16);
                int low = Character.digit(path.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return path;
                }
                bytes.write(high * 16 + low);
                i += 2;
            }
            else if (c > 0x7F) {
                return path;
            }
            else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        }
        catch (CharacterCodingException notUtf8) {
            return path;
        }
    }

    private static byte[] decoded(String hmac) {
        try {
            return Base64.getDecoder().decode(hmac.strip());
        }
        catch (IllegalArgumentException notBase64) {
            return new byte[0];
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")) }
                : new FileAttribute<?>[0];
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + "MB" : bytes + " bytes";
    }

    /**
     * What the web layer read of an upload request.
     *
     * @param path the {@code path} header, or null
     * @param pathRefused whether the {@code path} header was there but could not be read (characters outside
     *                    ASCII, which the application's firewall refuses)
     * @param hmac the {@code hmac} header, or null
     * @param hmacRefused the same for the {@code hmac} header
     * @param contentType the {@code Content-Type} header, or null
     * @param declaredLength the declared {@code Content-Length}, or -1
     */
    public record Request(String path, boolean pathRefused, String hmac, boolean hmacRefused, String contentType,
            long declaredLength) {
    }

    /**
     * A stored upload.
     *
     * @param path where it is: {@code /Folder/name.pdf} or {@code /name.pdf}
     * @param uri its {@link UploadedUri}, by which the file operation answers it
     */
    public record Uploaded(String path, long size, String uri) {
    }

    private record Destination(String folder, String name) {
    }

    /**
     * The temporary file's key: AES in counter mode with a key that lives only in this request, so that a file a
     * crash leaves behind holds nothing a resident uploaded.
     */
    private static final class Sealed {

        private final SecretKeySpec key;

        private final IvParameterSpec iv;

        Sealed() {
            byte[] keyBytes = new byte[32];
            byte[] ivBytes = new byte[16];
            random.nextBytes(keyBytes);
            random.nextBytes(ivBytes);
            this.key = new SecretKeySpec(keyBytes, "AES");
            this.iv = new IvParameterSpec(ivBytes);
        }

        OutputStream create(Path file) throws IOException {
            return new CipherOutputStream(Files.newOutputStream(file), cipher(Cipher.ENCRYPT_MODE));
        }

        InputStream open(Path file) throws IOException {
            return new CipherInputStream(Files.newInputStream(file), cipher(Cipher.DECRYPT_MODE));
        }

        private Cipher cipher(int mode) {
            try {
                Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
                cipher.init(mode, key, iv);
                return cipher;
            }
            catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CTR is not available", e);
            }
        }
    }
}
