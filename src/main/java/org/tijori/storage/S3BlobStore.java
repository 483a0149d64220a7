package org.tijori.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects in one bucket of any S3 service (AWS, MinIO, Ceph). An object smaller than one part is
 * sent with a single PUT when it commits; a larger one as a multipart upload, one part in memory at
 * a time, completed on commit and aborted on failure, so that nothing partial becomes visible.
 */
final class S3BlobStore implements BlobStore, AutoCloseable {

    private final S3Client s3;

    private final String bucket;

    private final int partSize;

    S3BlobStore(S3Client s3, String bucket, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public Upload begin(String name) {
        return new S3Upload(name);
    }

    @Override
    public InputStream read(String name) throws IOException {
        try {
            return s3.getObject(request -> request.bucket(bucket).key(name));
        }
        catch (NoSuchKeyException e) {
            throw new NoSuchFileException(name);
        }
        catch (SdkException e) {
            throw new IOException("S3 refused to read " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SeekableByteChannel channel(String name) throws IOException {
        return new RangeChannel(name, size(name));
    }

    @Override
    public void delete(String name) throws IOException {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(name));
        }
        catch (SdkException e) {
            throw new IOException("S3 refused to delete " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String name) throws IOException {
        try {
            size(name);
            return true;
        }
        catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public int removeIncompleteBefore(Instant cutoff) throws IOException {
        int removed = 0;
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(request -> request.bucket(bucket))
                    .uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
                    s3.abortMultipartUpload(request -> request.bucket(bucket).key(upload.key())
                            .uploadId(upload.uploadId()));
                    removed++;
                }
            }
        }
        catch (SdkException e) {
            throw new IOException("S3 refused to list or abort multipart uploads: " + e.getMessage(), e);
        }
        return removed;
    }

    private long size(String name) throws IOException {
        try {
            return s3.headObject(request -> request.bucket(bucket).key(name)).contentLength();
        }
        catch (NoSuchKeyException e) {
            throw new NoSuchFileException(name);
        }
        catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(name);
            }
            throw new IOException("S3 refused to describe " + name + ": " + e.getMessage(), e);
        }
        catch (SdkException e) {
            throw new IOException("S3 refused to describe " + name + ": " + e.getMessage(), e);
        }
    }

    private final class S3Upload extends Upload {

        private final String name;

        private final byte[] part = new byte[partSize];

        private int filled;

        private String uploadId;

        private final List<CompletedPart> parts = new ArrayList<>();

        private boolean finished;

        S3Upload(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) throws IOException {
            if (filled == part.length) {
                sendPart();
            }
            part[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == part.length) {
                    sendPart();
                }
                int chunk = Math.min(length, part.length - filled);
                System.arraycopy(bytes, offset, part, filled, chunk);
                filled += chunk;
                offset += chunk;
                length -= chunk;
            }
        }

        private void sendPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(name)).uploadId();
                }
                int number = parts.size() + 1;
                String etag = s3.uploadPart(request -> request.bucket(bucket).key(name).uploadId(uploadId)
                        .partNumber(number), RequestBody.fromBytes(java.util.Arrays.copyOf(part, filled))).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                filled = 0;
            }
            catch (SdkException e) {
                throw new IOException("S3 refused part " + (parts.size() + 1) + " of " + name + ": " + e.getMessage(),
                        e);
            }
        }

        @Override
        void commit() throws IOException {
            try {
                if (uploadId == null) {
                    s3.putObject(request -> request.bucket(bucket).key(name),
                            RequestBody.fromBytes(java.util.Arrays.copyOf(part, filled)));
                }
                else {
                    if (filled > 0) {
                        sendPart();
                    }
                    s3.completeMultipartUpload(request -> request.bucket(bucket).key(name).uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
                }
                finished = true;
            }
            catch (SdkException e) {
                throw new IOException("S3 refused to store " + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        void abort() {
            finished = true;
            if (uploadId != null) {
                try {
                    s3.abortMultipartUpload(request -> request.bucket(bucket).key(name).uploadId(uploadId));
                }
                catch (SdkException ignored) {
                    // The orphan collector aborts it later.
                }
            }
        }

        @Override
        public void close() {
            if (!finished) {
                abort();
            }
        }
    }

    /**
     * Reads an object at any position with ranged GETs. A read that continues where the previous one
     * stopped reuses the open response, so reading a whole object costs one request.
     */
    private final class RangeChannel implements SeekableByteChannel {

        private final String name;

        private final long size;

        private long position;

        private InputStream body;

        private long bodyPosition = -1;

        private boolean open = true;

        RangeChannel(String name, long size) {
            this.name = name;
            this.size = size;
        }

        @Override
        public int read(ByteBuffer destination) throws IOException {
            if (position >= size) {
                return -1;
            }
            if (body == null || bodyPosition != position) {
                closeBody();
                long from = position;
                try {
                    body = s3.getObject(request -> request.bucket(bucket).key(name).range("bytes=" + from + "-"));
                }
                catch (SdkException e) {
                    throw new IOException("S3 refused to read " + name + " from " + from + ": " + e.getMessage(), e);
                }
                bodyPosition = from;
            }
            int wanted = (int) Math.min(destination.remaining(), size - position);
            int read;
            if (destination.hasArray()) {
                read = body.read(destination.array(), destination.arrayOffset() + destination.position(), wanted);
                if (read > 0) {
                    destination.position(destination.position() + read);
                }
            }
            else {
                byte[] chunk = new byte[Math.min(wanted, 64 * 1024)];
                read = body.read(chunk);
                if (read > 0) {
                    destination.put(chunk, 0, read);
                }
            }
            if (read < 0) {
                throw new IOException("S3 ended " + name + " at " + position + " of " + size + " bytes");
            }
            position += read;
            bodyPosition += read;
            return read;
        }

        @Override
        public int write(ByteBuffer source) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            this.position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long newSize) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            closeBody();
        }

        private void closeBody() throws IOException {
            if (body != null) {
                // Abandoning a response mid-way must not read the rest of the object first.
                if (body instanceof ResponseInputStream<?> response && bodyPosition < size) {
                    response.abort();
                }
                body.close();
                body = null;
            }
        }
    }
}
