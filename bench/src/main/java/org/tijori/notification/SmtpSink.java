package org.tijori.notification;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server that accepts every message and keeps none, for the e-mail outbox's drain benchmark
 * ({@code bench/sharing/run.sh}): it speaks enough SMTP for Jakarta Mail (EHLO/HELO, MAIL, RCPT, DATA with
 * dot-stuffing, RSET, NOOP, QUIT; no STARTTLS, no AUTH) and counts the messages whose DATA ended with
 * {@code <CRLF>.<CRLF>}, each answered {@code 250} only then. Every 20 ms it writes {@code count
 * epoch-ms-of-the-latest-message} to {@code count-file} (replaced atomically), where the script reads it; memory
 * stays flat whatever the number of messages. Only the JDK: it runs from {@code target/test-classes} alone.
 * <p>
 * Arguments: {@code port=2525 count-file=PATH}.
 */
public final class SmtpSink {

    private static final AtomicLong received = new AtomicLong();

    private static volatile long latest;

    public static void main(String[] args) throws Exception {
        int port = 2525;
        Path countFile = null;
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            switch (pair[0]) {
                case "port" -> port = Integer.parseInt(pair[1]);
                case "count-file" -> countFile = Path.of(pair[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (countFile == null) {
            throw new IllegalArgumentException("count-file is required");
        }
        Path file = countFile;
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        Thread writer = new Thread(() -> {
            long written = -1;
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            while (true) {
                long count = received.get();
                if (count != written) {
                    try {
                        Files.writeString(temporary, count + " " + latest + "\n");
                        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                        written = count;
                    }
                    catch (IOException e) {
                        System.err.println("cannot write " + file + ": " + e);
                    }
                }
                try {
                    Thread.sleep(20);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }, "count-writer");
        writer.setDaemon(true);
        writer.start();
        System.out.println("SMTP sink listening on 127.0.0.1:" + port);
        while (true) {
            Socket socket = server.accept();
            Thread session = new Thread(() -> serve(socket), "smtp");
            session.setDaemon(true);
            session.start();
        }
    }

    private static void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                OutputStream out = socket.getOutputStream()) {
            reply(out, "220 sink ESMTP");
            String line;
            while ((line = readLine(in)) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 SIZE 104857600");
                    case "HELO" -> reply(out, "250 sink");
                    case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        if (!readData(in)) {
                            return;
                        }
                        latest = System.currentTimeMillis();
                        received.incrementAndGet();
                        reply(out, "250 OK");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Command not implemented");
                }
            }
        }
        catch (IOException e) {
            // The client went away: nothing to count.
        }
    }

    /** Reads the message up to its lone dot; false when the connection ended first. */
    private static boolean readData(InputStream in) throws IOException {
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                return true;
            }
        }
        return false;
    }

    /** A line without its CRLF (or LF), or null at the end of the stream; bounded at 1 MB. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() > 1_000_000) {
                throw new IOException("line too long");
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
