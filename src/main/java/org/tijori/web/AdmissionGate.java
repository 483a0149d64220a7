package org.tijori.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets requests without a body (GET and HEAD) do their work a few at a time, in order of arrival.
 * <p>
 * With Tomcat's 200 threads, 50 busy clients meant 50 requests sharing two cores at once: the
 * operating system's scheduler, not arrival, decided which finished first, and the slowest 1 % took
 * three to four times as long as the median (docs/benchmarks.md, issue 6). Admitted a few per core in
 * arrival order, each request runs nearly alone and the rest wait in line, so the tail follows the
 * median.
 * <p>
 * Tomcat keeps its many threads for what holds a thread without using a core: a slow client. A request
 * leaves the gate before its first byte would go to the network (when its response outgrows Tomcat's
 * buffer, or is flushed), and requests with a body, whose reading a slow client drags out, do not pass
 * the gate at all. So a client that reads or writes slowly never holds a place in it; nor does the
 * return from an external sign-in, which waits on the provider. A request that cannot get in within
 * {@code tijori.web.admission.max-wait} answers 503 with {@code Retry-After}.
 */
final class AdmissionGate extends OncePerRequestFilter {

    /**
     * Paths whose requests wait on another server, not a core: the return from an external OpenID
     * Connect provider calls that provider's token endpoint. A place held there would stand idle.
     */
    private static final List<String> WAITING_ON_OTHERS = List.of("/login/oauth2/", "/oauth2/");

    private final Semaphore places;

    private final Duration wait;

    AdmissionGate(int places, Duration wait) {
        this.places = new Semaphore(places, true);
        this.wait = wait;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return WAITING_ON_OTHERS.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            admitted = places.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Too many requests at once; try again.");
            return;
        }
        Place place = new Place();
        try {
            chain.doFilter(request, new LeavingResponse(response, place));
        }
        finally {
            place.leave();
        }
    }

    /** One request's place in the gate, given up once whatever happens first. */
    private final class Place {

        private final AtomicBoolean held = new AtomicBoolean(true);

        void leave() {
            if (held.compareAndSet(true, false)) {
                places.release();
            }
        }
    }

    /**
     * A response that gives up its request's place before anything could reach the network: before a
     * write that could fill Tomcat's buffer (counting each character at the most bytes UTF-8 may need),
     * and before a flush.
     */
    private static final class LeavingResponse extends HttpServletResponseWrapper {

        private final Place place;

        private long buffered;

        private ServletOutputStream stream;

        private PrintWriter writer;

        LeavingResponse(HttpServletResponse response, Place place) {
            super(response);
            this.place = place;
        }

        /** Counts bytes about to be buffered; leaves the gate when they might not all fit. */
        void buffering(long bytes) {
            buffered += bytes;
            if (buffered >= getBufferSize()) {
                place.leave();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new LeavingStream(super.getOutputStream(), this);
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(new LeavingWriter(super.getWriter(), this), false);
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            place.leave();
            super.flushBuffer();
        }

        @Override
        public void setBufferSize(int size) {
            // A smaller buffer would flush sooner than the count above expects.
            if (size > getBufferSize()) {
                super.setBufferSize(size);
            }
        }
    }

    private static final class LeavingStream extends ServletOutputStream {

        private final ServletOutputStream out;

        private final LeavingResponse response;

        LeavingStream(ServletOutputStream out, LeavingResponse response) {
            this.out = out;
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            response.buffering(1);
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            response.buffering(length);
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            response.place.leave();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            response.place.leave();
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            response.place.leave();
            out.setWriteListener(listener);
        }
    }

    private static final class LeavingWriter extends Writer {

        private final PrintWriter out;

        private final LeavingResponse response;

        LeavingWriter(PrintWriter out, LeavingResponse response) {
            this.out = out;
            this.response = response;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            response.buffering(3L * length);
            out.write(chars, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            response.buffering(3L * length);
            out.write(text, offset, length);
        }

        @Override
        public void flush() {
            response.place.leave();
            out.flush();
        }

        @Override
        public void close() {
            response.place.leave();
            out.close();
        }
    }
}
