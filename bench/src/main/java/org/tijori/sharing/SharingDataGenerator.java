package org.tijori.sharing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tijori.TijoriApplication;
import org.tijori.account.AccountId;
import org.tijori.notification.BenchOutbox;
import org.tijori.sharing.DocumentSharing.Admitted;
import org.tijori.sharing.DocumentSharing.DocumentReference;
import org.tijori.sharing.DocumentSharing.ShareRequest;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Share links for the sharing benchmark ({@code bench/sharing/run.sh}, issue 17 "Benchmarks"), on a database loaded
 * by {@code LockerDataGenerator}. It starts the application on that database with its e-mail dispatcher held (the
 * application under test delivers what is queued), and creates every share through
 * {@link DocumentSharing#share}, as the API does: the share, its limits and its e-mail in the outbox. The link's
 * token is taken from that e-mail, as the recipient would.
 * <p>
 * {@code mode=setup} (the default): {@code shares} shares of the {@code real} residents' pushed 100 KiB PDFs, in
 * turn, each to an address of its own, valid 30 days, with no limit of openings; each opened once through
 * {@link DocumentSharing#arrive} (a counted opening and a visit, valid {@code --tijori.sharing.visit}) and its PDF
 * downloaded once through {@link DocumentSharing#content}, so that its stamped copy is made and kept before the
 * measurement (the time this takes is printed: the first download's cost). Writes {@code shares.txt} (token and
 * visit key) and {@code residents.txt} (username and the URI of a PDF they hold, for the create scenario).
 * <p>
 * {@code mode=mail}: {@code mails} shares (and so e-mails) in one transaction, so that all of them become due at
 * the same moment; writes the commit time (epoch milliseconds) to {@code mail-queued.txt}.
 * <p>
 * Arguments: {@code mode=setup|mail out=DIR database=tijori_bench data-dir=/var/tmp/tijori-bench shares=400
 * real=200 mails=2000}, then any {@code --spring...} or {@code --tijori...} setting for the application.
 */
public final class SharingDataGenerator {

    static final String ISSUER = "in.gov.benchboard";

    static final Pattern LINK = Pattern.compile("/s/([A-Za-z0-9_-]{43})");

    public static void main(String[] args) throws Exception {
        String mode = "setup";
        Path out = null;
        String database = "tijori_bench";
        String dataDir = "/var/tmp/tijori-bench";
        int shares = 400;
        int real = 200;
        int mails = 2000;
        List<String> passThrough = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                passThrough.add(arg);
                continue;
            }
            String[] pair = arg.split("=", 2);
            switch (pair[0]) {
                case "mode" -> mode = pair[1];
                case "out" -> out = Path.of(pair[1]);
                case "database" -> database = pair[1];
                case "data-dir" -> dataDir = pair[1];
                case "shares" -> shares = Integer.parseInt(pair[1]);
                case "real" -> real = Integer.parseInt(pair[1]);
                case "mails" -> mails = Integer.parseInt(pair[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (out == null || !mode.matches("setup|mail")) {
            throw new IllegalArgumentException("mode is setup or mail, out is required");
        }
        Files.createDirectories(out);
        List<String> settings = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--tijori.data-dir=" + Path.of(dataDir).toAbsolutePath(),
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + database,
                "--spring.datasource.username=postgres", "--tijori.sharing.shares-per-hour=1000000000",
                "--tijori.sharing.mails-per-recipient-per-day=1000000000", "--tijori.sharing.visit=12h"));
        settings.addAll(passThrough);
        long started = System.nanoTime();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TijoriApplication.class)
                .run(settings.toArray(String[]::new))) {
            BenchOutbox.holdDispatching(context);
            var generator = new SharingDataGenerator(context, out);
            List<Resident> residents = generator.residents(real);
            if (mode.equals("setup")) {
                generator.setup(residents, shares);
            }
            else {
                generator.mail(residents, mails);
            }
        }
        System.out.printf("%s done in %.0f s%n", mode, (System.nanoTime() - started) / 1e9);
    }

    private final DocumentSharing sharing;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final Path out;

    /** Tells this run's recipients from an earlier run's. */
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    private SharingDataGenerator(ConfigurableApplicationContext context, Path out) {
        this.sharing = context.getBean(DocumentSharing.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.transactions = context.getBean(TransactionTemplate.class);
        this.out = out;
    }

    /** The residents holding the loader's pushed PDFs, as bench/locker/run.sh picks them. */
    private List<Resident> residents(int real) {
        List<Resident> residents = jdbc.sql("""
                select distinct on (a.username) a.id, a.username, d.uri from account_resident a
                  join issuer_document d on d.account_id = a.id
                 where d.issuer_id = ? and d.status = 'ACTIVE' and d.doc_id like '%00'
                 order by a.username, d.uri limit ?""").params(ISSUER, real)
                .query((rs, row) -> new Resident(new AccountId(rs.getObject(1, UUID.class)), rs.getString(2),
                        rs.getString(3)))
                .list();
        if (residents.size() < real) {
            throw new IllegalStateException("only " + residents.size() + " residents hold a pushed PDF, not " + real);
        }
        return residents;
    }

    private void setup(List<Resident> residents, int count) throws Exception {
        List<String> links = new ArrayList<>();
        long creating = 0;
        long opening = 0;
        long stamping = 0;
        long size = 0;
        for (int i = 0; i < count; i++) {
            Resident resident = residents.get(i % residents.size());
            String recipient = "setup-" + run + "-" + i + "@bench.example";
            long t0 = System.nanoTime();
            share(resident, recipient);
            String token = token(recipient);
            long t1 = System.nanoTime();
            DocumentSharing.Arrival arrival = sharing.arrive(token, null, "203.0.113.7", "bench setup");
            if (!(arrival instanceof Admitted admitted) || admitted.newVisit() == null) {
                throw new IllegalStateException("the link did not open: " + arrival);
            }
            long t2 = System.nanoTime();
            DocumentSharing.Content content = sharing.content(token, admitted.newVisit(), 0, true,
                    "203.0.113.7", "bench setup");
            try (InputStream pdf = content.stream()) {
                size = pdf.readAllBytes().length;
            }
            long t3 = System.nanoTime();
            creating += t1 - t0;
            opening += t2 - t1;
            stamping += t3 - t2;
            links.add(token + " " + admitted.newVisit());
        }
        Files.write(out.resolve("shares.txt"), links);
        Files.write(out.resolve("residents.txt"),
                residents.stream().map(resident -> resident.username() + " " + resident.uri()).toList());
        System.out.printf("%d shares of %d residents' PDFs: share %.1f ms, first opening %.1f ms, first download "
                + "(stamped and kept) %.1f ms each, one thread; a stamped copy is %d bytes%n", count,
                residents.size(), creating / 1e6 / count, opening / 1e6 / count, stamping / 1e6 / count, size);
    }

    private void mail(List<Resident> residents, int count) throws Exception {
        long t0 = System.nanoTime();
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < count; i++) {
                share(residents.get(i % residents.size()), "drain-" + run + "-" + i + "@bench.example");
            }
        });
        long committed = System.currentTimeMillis();
        Files.writeString(out.resolve("mail-queued.txt"), committed + "\n");
        System.out.printf("%d shares and their e-mails queued in one transaction in %.1f s%n", count,
                (System.nanoTime() - t0) / 1e9);
    }

    private void share(Resident resident, String recipient) {
        sharing.share(resident.account(), resident.username(), new ShareRequest(
                List.of(new DocumentReference("issued", resident.uri(), null)), recipient, 720, null, null, true,
                false, Locale.ENGLISH));
    }

    /** The token in the link the outbox holds for the recipient. */
    private String token(String recipient) {
        String text = jdbc.sql("select text_body from notification_mail_outbox where recipient = ?")
                .param(recipient).query(String.class).single();
        Matcher link = LINK.matcher(text);
        if (!link.find()) {
            throw new IllegalStateException("no link in the e-mail to " + recipient);
        }
        return link.group(1);
    }

    private record Resident(AccountId account, String username, String uri) {
    }
}
