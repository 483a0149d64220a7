package org.tijori.issuer.bulk;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StreamCorruptedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The files of a bulk ZIP, inflated once, while the upload is read, into a plain layout that the
 * background publication reads back without inflating anything again. Every limit is counted on the
 * bytes as they arrive and as they inflate, never on the sizes the ZIP's headers claim: a ZIP bomb is
 * refused after at most one chunk past the limit it breaks, and nothing of it is kept.
 * <p>
 * Layout: {@link #MAGIC}; then for each file (folders are left out) the byte {@code 'F'}, the length of
 * its name and the name in UTF-8, then its content in chunks, each an {@code int} length and that many
 * bytes, ended by a length of 0; after the last file the byte {@code 'E'}. Knowing a file's offset is
 * enough to read on from it.
 */
final class UnpackedZip {

    /** How an unpacked upload begins; uploads taken before this layout kept the ZIP itself. */
    static final byte[] MAGIC = "tijori-bulk/1\n".getBytes(StandardCharsets.US_ASCII);

    private static final int FILE = 'F';

    private static final int END = 'E';

    private static final int CHUNK = 64 * 1024;

    private static final int LONGEST_NAME = 200;

    private UnpackedZip() {
    }

    /**
     * What one upload may hold.
     *
     * @param maxZipBytes the ZIP as sent
     * @param maxFiles files, and folders (counted apart)
     * @param maxFileBytes one file once inflated
     * @param maxUnpackedBytes all its files together once inflated
     */
    record Limits(long maxZipBytes, int maxFiles, long maxFileBytes, long maxUnpackedBytes) {
    }

    /** A file of an upload, read back; {@code content} is null when it is larger than the reader takes. */
    record File(int position, String name, byte[] content, long end) {
    }

    /**
     * The unpacked layout of {@code zip}, produced as it is read. A limit passed, or a ZIP that cannot be
     * read, ends the stream with an {@link IOException} whose cause is the {@link BulkRefusedException} to
     * answer.
     *
     * @param inflated told of every chunk of bytes that inflates
     * @param signedSha256 the hex SHA-256 the ZIP must have as sent, or null: a ZIP that hashes otherwise ends
     *                     the stream as a limit passed does, when its last byte has arrived
     */
    static Unpacking unpack(InputStream zip, Limits limits, LongConsumer inflated, String signedSha256) {
        return new Unpacking(new Source(zip, limits.maxZipBytes()), limits, inflated, signedSha256);
    }

    /** Whether a stored upload begins with these bytes of the unpacked layout. */
    static boolean isUnpacked(byte[] head) {
        return Arrays.equals(head, MAGIC);
    }

    /** The {@link BulkRefusedException} that ended an unpacking, wherever it is in the chain of causes. */
    static BulkRefusedException refusalIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BulkRefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    /** A size as people write it: "256 KB", "20 MB". */
    static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KB";
        }
        return bytes + " bytes";
    }

    private static IOException refused(BulkRefusedException.Kind kind, String code, String message,
            Object... arguments) {
        return new IOException(message, new BulkRefusedException(kind, code, message, arguments));
    }

    /** The ZIP's bytes as they arrive: counted against their limit and hashed. */
    private static final class Source extends FilterInputStream {

        private final long max;

        private final MessageDigest sha256;

        private long bytes;

        Source(InputStream in, long max) {
            super(in);
            this.max = max;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            }
            catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytes += n;
                if (bytes > max) {
                    throw refused(BulkRefusedException.Kind.TOO_LARGE, "request_too_large",
                            "The ZIP is larger than " + size(max) + ".", size(max));
                }
                sha256.update(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        void drain() throws IOException {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) >= 0) {
                // Only counted and hashed.
            }
        }
    }

    /** The unpacked layout, produced on demand from the ZIP: memory stays at a chunk, whatever the ZIP. */
    static final class Unpacking extends InputStream {

        private final Source source;

        private final ZipInputStream zip;

        private final Limits limits;

        private final LongConsumer inflated;

        private final byte[] chunk = new byte[CHUNK];

        private byte[] out = new byte[CHUNK + 8];

        private int outPosition;

        private int outEnd;

        private boolean started;

        private boolean inFile;

        private boolean finished;

        private int files;

        private int folders;

        private long fileBytes;

        private long unpackedBytes;

        private String current;

        private final String signedSha256;

        private String sha256;

        Unpacking(Source source, Limits limits, LongConsumer inflated, String signedSha256) {
            this.source = source;
            this.zip = new ZipInputStream(source);
            this.limits = limits;
            this.inflated = inflated;
            this.signedSha256 = signedSha256;
        }

        /** How many files the ZIP held; known once the stream has ended. */
        int files() {
            return files;
        }

        /** How long the ZIP was, as sent. */
        long zipBytes() {
            return source.bytes;
        }

        /** The SHA-256 of the ZIP as sent, in hex; known once the stream has ended. */
        String zipSha256() {
            if (sha256 == null) {
                sha256 = HexFormat.of().formatHex(source.sha256.digest());
            }
            return sha256;
        }

        /**
         * Reads what is left of the ZIP without inflating it, up to its size limit, so that the client that
         * sent it hears the answer instead of a closed connection.
         */
        void discardRest() {
            try {
                source.drain();
            }
            catch (IOException e) {
                // Past the ZIP's limit or a broken connection: the connection is closed after the answer.
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (outPosition == outEnd) {
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(length, outEnd - outPosition);
            System.arraycopy(out, outPosition, buffer, offset, n);
            outPosition += n;
            return n;
        }

        private boolean fill() throws IOException {
            outPosition = 0;
            outEnd = 0;
            if (finished) {
                return false;
            }
            if (!started) {
                started = true;
                put(MAGIC, MAGIC.length);
                return true;
            }
            try {
                return inFile ? nextChunk() : nextFile();
            }
            catch (ZipException | EOFException | IllegalArgumentException e) {
                // IllegalArgumentException: a name that is not valid in the ZIP's encoding.
                throw refused(BulkRefusedException.Kind.INVALID, "invalid_zip", "The upload is not a readable ZIP"
                        + (current == null ? "." : " (it breaks off in " + current + ")."));
            }
        }

        private boolean nextChunk() throws IOException {
            int n = zip.read(chunk, 0, CHUNK);
            if (n < 0) {
                inFile = false;
                putInt(0);
                return true;
            }
            fileBytes += n;
            unpackedBytes += n;
            inflated.accept(n);
            if (fileBytes > limits.maxFileBytes()) {
                throw refused(BulkRefusedException.Kind.TOO_LARGE, "file_too_large", "The file " + current
                        + " is larger than " + size(limits.maxFileBytes()) + " once unpacked.", current,
                        size(limits.maxFileBytes()));
            }
            if (unpackedBytes > limits.maxUnpackedBytes()) {
                throw refused(BulkRefusedException.Kind.TOO_LARGE, "unpacked_too_large", "The files of the ZIP take "
                        + "more than " + size(limits.maxUnpackedBytes()) + " once unpacked.", size(limits.maxUnpackedBytes()));
            }
            putInt(n);
            put(chunk, n);
            return true;
        }

        private boolean nextFile() throws IOException {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null && entry.isDirectory()) {
                if (++folders > limits.maxFiles()) {
                    throw refused(BulkRefusedException.Kind.TOO_LARGE, "too_many_folders", "The ZIP holds more than "
                            + limits.maxFiles() + " folders.", limits.maxFiles());
                }
            }
            if (entry == null) {
                if (files == 0) {
                    throw refused(BulkRefusedException.Kind.INVALID, "invalid_zip",
                            "The upload holds no files: it should be a ZIP of PushUriRequest files.");
                }
                // The central directory and anything after it: the digest and the issuer's HMAC cover them too.
                source.drain();
                if (signedSha256 != null && !MessageDigest.isEqual(zipSha256().getBytes(StandardCharsets.US_ASCII),
                        signedSha256.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                    throw refused(BulkRefusedException.Kind.UNAUTHENTICATED, "invalid_content_sha256", "The body is "
                            + "not the one the request signed: its SHA-256 is not x-tijori-content-sha256.");
                }
                finished = true;
                out[outEnd++] = (byte) END;
                return true;
            }
            if (++files > limits.maxFiles()) {
                throw refused(BulkRefusedException.Kind.TOO_LARGE, "too_many_files", "The ZIP holds more than "
                        + limits.maxFiles() + " files.", limits.maxFiles());
            }
            current = name(entry);
            fileBytes = 0;
            inFile = true;
            byte[] name = current.getBytes(StandardCharsets.UTF_8);
            if (out.length < name.length + 5) {
                out = new byte[Math.max(out.length, name.length + 5)];
            }
            out[outEnd++] = (byte) FILE;
            putInt(name.length);
            put(name, name.length);
            return true;
        }

        private void put(byte[] bytes, int length) {
            System.arraycopy(bytes, 0, out, outEnd, length);
            outEnd += length;
        }

        private void putInt(int value) {
            out[outEnd++] = (byte) (value >>> 24);
            out[outEnd++] = (byte) (value >>> 16);
            out[outEnd++] = (byte) (value >>> 8);
            out[outEnd++] = (byte) value;
        }

        private static String name(ZipEntry entry) {
            String name = entry.getName().replaceAll("\\p{Cntrl}", "?");
            return name.length() > LONGEST_NAME ? name.substring(0, LONGEST_NAME) : name;
        }
    }

    /** Reads the files of an unpacked upload back, from the start or from the offset of one of them. */
    static final class Reader implements Closeable {

        private final DataInputStream in;

        private final int maxFileBytes;

        private long offset;

        private int position;

        /**
         * @param offset where {@code in} starts in the unpacked upload: 0, or the {@code end} of a file read before
         * @param position the position of the next file (the first is 1)
         * @param maxFileBytes a larger file is skipped and given without content
         */
        Reader(InputStream in, long offset, int position, int maxFileBytes) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(in, CHUNK));
            this.offset = offset;
            this.position = position;
            this.maxFileBytes = maxFileBytes;
            if (offset == 0) {
                byte[] head = this.in.readNBytes(MAGIC.length);
                if (!isUnpacked(head)) {
                    throw new StreamCorruptedException("not an unpacked upload");
                }
                this.offset = MAGIC.length;
            }
        }

        /** The next file, or null after the last. */
        File next() throws IOException {
            int tag = in.read();
            if (tag == END) {
                return null;
            }
            if (tag != FILE) {
                throw new StreamCorruptedException("the unpacked upload is damaged at byte " + offset);
            }
            int nameLength = in.readInt();
            if (nameLength < 0 || nameLength > LONGEST_NAME * 4) {
                throw new StreamCorruptedException("the unpacked upload is damaged at byte " + offset);
            }
            String name = new String(in.readNBytes(nameLength), StandardCharsets.UTF_8);
            offset += 1 + 4 + nameLength;
            var content = new ByteArrayOutputStream();
            boolean tooLarge = false;
            for (int n; (n = in.readInt()) != 0;) {
                if (n < 0 || n > CHUNK) {
                    throw new StreamCorruptedException("the unpacked upload is damaged at byte " + offset);
                }
                byte[] bytes = in.readNBytes(n);
                if (bytes.length < n) {
                    throw new EOFException("the unpacked upload ends inside " + name);
                }
                offset += 4 + n;
                tooLarge = tooLarge || content.size() + n > maxFileBytes;
                if (!tooLarge) {
                    content.write(bytes);
                }
            }
            offset += 4;
            return new File(position++, name, tooLarge ? null : content.toByteArray(), offset);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
