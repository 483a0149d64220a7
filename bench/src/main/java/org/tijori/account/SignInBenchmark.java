package org.tijori.account;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.tijori.Concurrently;
import org.tijori.TijoriApplication;
import org.tijori.WebClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Sign-ins a second over HTTP on loopback, through the real pages: by password (Argon2id is the floor)
 * and by mobile OTP (the code delivered to a webhook receiver in this process). Next to the cost of
 * one Argon2id check. Each simulated person comes from an address of its own, through a proxy
 * (X-Forwarded-For), as real sign-ins do: from one address they would all queue on that address's
 * rate-limit bucket.
 * <p>
 * The JIT compiler needs a few hundred requests of each kind before it stops taking a core of its own,
 * so each path is warmed up first ({@code warmup}) and measured after.
 * <p>
 * Arguments (optional): {@code residents=400 threads=8 warmup=400 password=200 otp=1200}; any {@code --name=value}
 * is a setting of the application (e.g. {@code --tijori.account.password-hashes-at-once=64}).
 */
public final class SignInBenchmark {

    static final String PASSWORD = "a long and unusual phrase";

    static final Pattern CODE = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");

    public static void main(String[] args) throws Exception {
        int residents = 400;
        int threads = 8;
        int warmup = 400;
        int passwordSignIns = 200;
        int otpSignIns = 1200;
        List<String> settings = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        for (String arg : args) {
            if (arg.startsWith("--")) {
                settings.add(arg);
                continue;
            }
            String[] pair = arg.split("=", 2);
            switch (pair[0]) {
                case "residents" -> residents = Integer.parseInt(pair[1]);
                case "threads" -> threads = Integer.parseInt(pair[1]);
                case "warmup" -> warmup = Integer.parseInt(pair[1]);
                case "password" -> passwordSignIns = Integer.parseInt(pair[1]);
                case "otp" -> otpSignIns = Integer.parseInt(pair[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        var codes = new ConcurrentHashMap<String, String>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/sms", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher to = Pattern.compile("\"to\"\\s*:\\s*\"(\\d{10})\"").matcher(body);
            Matcher code = CODE.matcher(body);
            if (to.find() && code.find()) {
                codes.put(to.group(1), code.group(1));
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        ExecutorService receiving = Executors.newFixedThreadPool(4);
        receiver.setExecutor(receiving);
        receiver.start();
        settings.addAll(List.of("--tijori.data-dir=" + Files.createTempDirectory("tijori-signin-bench"),
                "--tijori.sms.provider=webhook",
                "--tijori.sms.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/sms",
                "--tijori.account.otp-sends-per-address=1000000",
                // People sign in from many addresses, through a proxy that says which (X-Forwarded-For).
                "--server.forward-headers-strategy=native"));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TijoriApplication.class)
                .run(settings.toArray(String[]::new))) {
            new SignInBenchmark(context, codes).run(residents, threads, warmup, passwordSignIns, otpSignIns);
        }
        finally {
            receiver.stop(0);
            receiving.shutdownNow();
        }
    }

    private final ConfigurableApplicationContext context;

    private final Map<String, String> codes;

    private final int port;

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

    private SignInBenchmark(ConfigurableApplicationContext context, Map<String, String> codes) {
        this.context = context;
        this.codes = codes;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private void run(int residentCount, int threads, int warmup, int passwordSignIns, int otpSignIns) throws Exception {
        ResidentAccounts accounts = context.getBean(ResidentAccounts.class);
        PasswordEncoder encoder = context.getBean(PasswordEncoder.class);
        List<ResidentAccount> residents = new ArrayList<>();
        Concurrently.run(threads, residentCount, i -> {
            ResidentAccount resident = accounts.signUp(new MobileNumber(String.valueOf(9_400_000_000L + i)), "bench" + i,
                    PASSWORD);
            synchronized (residents) {
                residents.add(resident);
            }
        });
        String hash = encoder.encode(PASSWORD);
        for (int i = 0; i < 5; i++) {
            encoder.matches(PASSWORD, hash);
        }
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            encoder.matches(PASSWORD, hash);
        }
        double argon2Millis = (System.nanoTime() - start) / 1e6 / 20;

        // Warm-up of both paths; the OTP warm-up takes one of each number's five codes an hour.
        Concurrently.run(threads, Math.min(warmup, 100), i -> signInWithPassword(residents.get(i % residents.size())));
        int otpWarmup = Math.min(warmup, residents.size());
        Concurrently.run(threads, otpWarmup, i -> signInWithCode(residents.get(i % residents.size())));

        double passwordSeconds = Concurrently.run(threads, passwordSignIns,
                i -> signInWithPassword(residents.get(i % residents.size())));
        // Four more codes an hour per number stay under the limit of five.
        int otpRuns = Math.min(otpSignIns, residents.size() * 4);
        double otpSeconds = Concurrently.run(threads, otpRuns,
                i -> signInWithCode(residents.get((otpWarmup + i) % residents.size())));

        System.out.printf("cores=%d threads=%d residents=%d%n%n", Runtime.getRuntime().availableProcessors(), threads,
                residentCount);
        System.out.println("| measure | result |");
        System.out.println("|---|---|");
        System.out.printf("| one Argon2id check (19 MiB, 2 iterations), one thread | %.1f ms (%.0f a second per core) |%n",
                argon2Millis, 1000 / argon2Millis);
        System.out.printf("| password sign-ins over HTTP (GET /login + POST /login) | %.1f a second (%d in %.2f s) |%n",
                passwordSignIns / passwordSeconds, passwordSignIns, passwordSeconds);
        System.out.printf("| mobile OTP sign-ins over HTTP (GET /login, POST /login/mobile, POST /login/otp) | %.1f a second (%d in %.2f s) |%n",
                otpRuns / otpSeconds, otpRuns, otpSeconds);
    }

    private void signInWithPassword(ResidentAccount resident) throws Exception {
        var browser = new Browser(http, port);
        String csrf = WebClient.csrfTokenOf(browser.get("/login").body());
        expectDashboard(browser.post("/login", Map.of("username", resident.username(), "password", PASSWORD,
                "_csrf", csrf)));
    }

    private void signInWithCode(ResidentAccount resident) throws Exception {
        var browser = new Browser(http, port);
        String mobile = resident.mobile().value();
        String csrf = WebClient.csrfTokenOf(browser.get("/login").body());
        codes.remove(mobile);
        HttpResponse<String> sent = browser.post("/login/mobile", Map.of("mobile", mobile, "_csrf", csrf));
        if (sent.statusCode() != 302) {
            throw new IllegalStateException("no code sent: " + sent.statusCode() + " " + sent.body());
        }
        String code = codes.get(mobile);
        if (code == null) {
            throw new IllegalStateException("the webhook did not receive the code");
        }
        expectDashboard(browser.post("/login/otp", Map.of("otp", code, "_csrf", csrf)));
    }

    /**
     * One person's browser: its own session cookie over a client shared by all, as a load generator
     * does (a client per person would cost a selector thread each and measure the generator).
     */
    static final class Browser {

        private final java.net.http.HttpClient http;

        private final String base;

        private static final AtomicInteger addresses = new AtomicInteger();

        private final String address;

        private String session;

        Browser(java.net.http.HttpClient http, int port) {
            this.http = http;
            this.base = "http://127.0.0.1:" + port;
            int n = addresses.incrementAndGet();
            this.address = "198.18." + ((n >> 8) & 0xff) + "." + (n & 0xff);
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(request(path).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(field -> java.net.URLEncoder.encode(field.getKey(),
                    StandardCharsets.UTF_8) + "=" + java.net.URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(java.util.stream.Collectors.joining("&"));
            return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        }

        private java.net.http.HttpRequest.Builder request(String path) {
            var builder = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                    .header("X-Forwarded-For", address);
            if (session != null) {
                builder.header("Cookie", "SESSION=" + session);
            }
            return builder;
        }

        private HttpResponse<String> send(java.net.http.HttpRequest.Builder request) throws Exception {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                if (cookie.startsWith("SESSION=")) {
                    session = cookie.substring("SESSION=".length(), cookie.indexOf(';'));
                }
            }
            return response;
        }
    }

    /** A signed-in resident lands on the dashboard (it was the profile before the dashboard existed). */
    private static void expectDashboard(HttpResponse<String> answer) {
        if (answer.statusCode() != 302 || !answer.headers().firstValue("Location").orElse("").endsWith("/dashboard")) {
            throw new IllegalStateException("not signed in: " + answer.statusCode() + " "
                    + answer.headers().firstValue("Location").orElse(""));
        }
    }

}
