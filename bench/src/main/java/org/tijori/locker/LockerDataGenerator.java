package org.tijori.locker;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.tijori.Concurrently;
import org.tijori.TijoriApplication;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;
import org.tijori.storage.BlobVault;
import org.tijori.storage.StoredBlob;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Loads a locker database of realistic size for the listing and download benchmark (issue 6): {@code residents}
 * residents holding {@code documents} issued-document rows between them, in a PostgreSQL database of its own.
 * <p>
 * The application creates the schema (it is started once against the database, so Flyway runs), and the bulk is
 * then loaded server-side in a few SQL statements ({@code INSERT ... SELECT} over {@code generate_series}) into the
 * real tables, with their real constraints and indexes (dropped during the insert and built again after it), in the
 * order real deliveries would have written them (by publication time), then vacuumed and analysed.
 * <p>
 * The first {@code real} residents are real all the way: they signed up through the application (Argon2id hash of
 * {@link #PASSWORD}), and each holds {@code pdfs} documents pushed over HTTP by an approved issuer through the real
 * intake, with a signed Certificate XML and a PDF of about 100 KiB of its own in the vault. Every other resident has
 * the same password hash, made by the application's own encoder, so any of them can sign in too.
 * <p>
 * Bulk rows share two real vault blobs (one signed Certificate XML, one 100 KiB PDF): {@code issuer_document} keeps
 * blob IDs without a foreign key to {@code storage_blob}, and reading a shared blob is the same work as reading one's
 * own. Nothing in the read path can tell; a status change of a bulk row does not delete its PDF (the PDF is marked
 * as the issuer's, not rendered). Do not run account deletions on this database.
 * <p>
 * Each step is one transaction and is recorded in {@code bench_load}; a step already recorded is skipped, so the
 * generator can be run again after a failure, and does nothing once everything is loaded.
 * <p>
 * Arguments (optional): {@code residents=100000 documents=5000000 real=100 pdfs=3 data-dir=/var/tmp/tijori-bench
 * database=tijori_bench}, then any {@code --spring...} or {@code --tijori...} setting for the application.
 */
public final class LockerDataGenerator {

    /** The password of every generated resident. */
    public static final String PASSWORD = "a long and unusual phrase";

    static final String ISSUER = "in.gov.benchboard";

    static final String DOC_TYPE = "HSCER";

    public static void main(String[] args) throws Exception {
        int residents = 100_000;
        long documents = 5_000_000;
        int real = 100;
        int pdfs = 3;
        String dataDir = "/var/tmp/tijori-bench";
        String database = "tijori_bench";
        String server = "jdbc:postgresql://127.0.0.1:5432/";
        List<String> passThrough = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                passThrough.add(arg);
                continue;
            }
            String[] pair = arg.split("=", 2);
            switch (pair[0]) {
                case "residents" -> residents = Integer.parseInt(pair[1]);
                case "documents" -> documents = Long.parseLong(pair[1]);
                case "real" -> real = Integer.parseInt(pair[1]);
                case "pdfs" -> pdfs = Integer.parseInt(pair[1]);
                case "data-dir" -> dataDir = pair[1];
                case "database" -> database = pair[1];
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (real > residents || residents > 1_000_000) {
            throw new IllegalArgumentException("real is at most residents, residents at most 1,000,000");
        }
        createDatabase(server, database);
        String token = "locker-bench-token-" + UUID.randomUUID();
        List<String> settings = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--tijori.data-dir=" + Path.of(dataDir).toAbsolutePath(),
                "--spring.datasource.url=" + server + database, "--spring.datasource.username=postgres",
                "--tijori.admin.bootstrap-token=" + token));
        settings.addAll(passThrough);
        long started = System.nanoTime();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TijoriApplication.class)
                .run(settings.toArray(String[]::new))) {
            new LockerDataGenerator(context, token).load(residents, documents, real, pdfs);
        }
        System.out.printf("loaded in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private final ConfigurableApplicationContext context;

    private final JdbcClient jdbc;

    private final DataSource dataSource;

    private final String token;

    private LockerDataGenerator(ConfigurableApplicationContext context, String token) {
        this.context = context;
        this.jdbc = context.getBean(JdbcClient.class);
        this.dataSource = context.getBean(DataSource.class);
        this.token = token;
    }

    private void load(int residents, long documents, int real, int pdfs) throws Exception {
        jdbc.sql("create table if not exists bench_load (step text primary key, detail text not null, "
                + "done_at timestamptz not null)").update();
        String shape = "residents=" + residents + " documents=" + documents + " real=" + real + " pdfs=" + pdfs;
        List<String> earlier = jdbc.sql("select distinct detail from bench_load where step <> 'shared-blobs'")
                .query(String.class).list();
        if (!earlier.isEmpty() && !earlier.equals(List.of(shape))) {
            throw new IllegalStateException("This database was loaded with " + earlier + ", not " + shape
                    + ": drop it (dropdb -h 127.0.0.1 -U postgres <database>) to load another shape.");
        }
        inTransaction("catalog", shape, this::catalog);
        step("real-residents", shape, () -> realResidents(real));
        step("shared-blobs", "", this::sharedBlobs);
        inTransaction("residents", shape, connection -> bulkResidents(connection, residents, real));
        inTransaction("documents", shape, connection -> bulkDocuments(connection, documents));
        step("pushes", shape, () -> pushes(real, pdfs));
        step("analyze", shape, this::vacuumAnalyze);
        System.out.println(jdbc.sql("""
                select format('residents %s, issued-document rows %s (live in a locker %s), blobs %s',
                    (select count(*) from account_resident), (select count(*) from issuer_document),
                    (select count(*) from issuer_document where account_id is not null
                         and status in ('ACTIVE', 'REVOKED', 'SUSPENDED')),
                    (select count(*) from storage_blob))""").query(String.class).single());
    }

    private interface Work {
        void run() throws Exception;
    }

    private interface SqlWork {
        void run(Connection connection) throws SQLException;
    }

    private boolean done(String name) {
        boolean done = jdbc.sql("select count(*) from bench_load where step = ?").param(name).query(Long.class)
                .single() > 0;
        if (done) {
            System.out.println(name + ": already loaded");
        }
        return done;
    }

    /** A step that is safe to repeat after it failed half-way. */
    private void step(String name, String detail, Work work) throws Exception {
        if (done(name)) {
            return;
        }
        long started = System.nanoTime();
        work.run();
        jdbc.sql("insert into bench_load (step, detail, done_at) values (?, ?, now())").params(name, detail).update();
        System.out.printf("%s: %.1f s%n", name, (System.nanoTime() - started) / 1e9);
    }

    /** A step done in one transaction with its record in {@code bench_load}: all of it, or nothing. */
    private void inTransaction(String name, String detail, SqlWork work) throws SQLException {
        if (done(name)) {
            return;
        }
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            work.run(connection);
            try (var record = connection.prepareStatement(
                    "insert into bench_load (step, detail, done_at) values (?, ?, now())")) {
                record.setString(1, name);
                record.setString(2, detail);
                record.executeUpdate();
            }
            connection.commit();
        }
        System.out.printf("%s: %.1f s%n", name, (System.nanoTime() - started) / 1e9);
    }

    /**
     * The issuers and doc types of the bulk, with their share of documents and how long they stay valid:
     * national boards and departments hold most documents, state boards, revenue departments, universities
     * and insurers the rest. The benchmark's own issuer registers through the API (see {@link #pushes}).
     */
    private void catalog(Connection connection) throws SQLException {
        sql(connection, """
                create table bench_catalog (
                    position serial primary key, issuer_id text not null, issuer_name text not null,
                    category text not null, doc_type text not null, type_name text not null,
                    weight int not null, valid_years int)""",
                """
                insert into bench_catalog (issuer_id, issuer_name, category, doc_type, type_name, weight, valid_years)
                values
                ('in.gov.uidai', 'Unique Identification Authority of India', 'central', 'ADHAR', 'Aadhaar Card', 90, null),
                ('in.gov.cbse', 'Central Board of Secondary Education', 'central', 'SSCER', 'Class X Marksheet', 55, null),
                ('in.gov.cbse', 'Central Board of Secondary Education', 'central', 'HSCER', 'Class XII Marksheet', 50, null),
                ('in.gov.cbse', 'Central Board of Secondary Education', 'central', 'SSCPC', 'Class X Passing Certificate', 30, null),
                ('in.gov.cbse', 'Central Board of Secondary Education', 'central', 'HSCPC', 'Class XII Passing Certificate', 28, null),
                ('in.gov.cbse', 'Central Board of Secondary Education', 'central', 'MIGCR', 'Migration Certificate', 8, null),
                ('in.gov.morth', 'Ministry of Road Transport and Highways', 'central', 'DRVLC', 'Driving Licence', 85, 20),
                ('in.gov.morth', 'Ministry of Road Transport and Highways', 'central', 'RVCER', 'Registration of Vehicles', 75, 15),
                ('in.gov.incometax', 'Income Tax Department', 'central', 'PANCR', 'PAN Verification Record', 80, null),
                ('in.gov.eci', 'Election Commission of India', 'central', 'EPICR', 'Voter ID Card', 35, null),
                ('in.gov.epfo', 'Employees Provident Fund Organisation', 'central', 'UANCR', 'UAN Card', 20, null),
                ('in.gov.nha', 'National Health Authority', 'central', 'PMJAY', 'Ayushman Bharat Card', 25, 5),
                ('in.gov.mea', 'Ministry of External Affairs', 'central', 'PSPRT', 'Passport Verification Record', 12, 10),
                ('in.gov.cowin', 'Ministry of Health and Family Welfare', 'central', 'VACER', 'Vaccination Certificate', 40, null),
                ('in.gov.upmsp', 'Board of High School and Intermediate Education Uttar Pradesh', 'state', 'SSCER', 'High School Marksheet', 22, null),
                ('in.gov.upmsp', 'Board of High School and Intermediate Education Uttar Pradesh', 'state', 'HSCER', 'Intermediate Marksheet', 20, null),
                ('in.gov.mahahsscboard', 'Maharashtra State Board of Secondary and Higher Secondary Education', 'state', 'SSCER', 'SSC Marksheet', 16, null),
                ('in.gov.mahahsscboard', 'Maharashtra State Board of Secondary and Higher Secondary Education', 'state', 'HSCER', 'HSC Marksheet', 15, null),
                ('in.gov.wbbse', 'West Bengal Board of Secondary Education', 'state', 'SSCER', 'Madhyamik Marksheet', 10, null),
                ('in.gov.tn.dge', 'Directorate of Government Examinations Tamil Nadu', 'state', 'SSCER', 'SSLC Marksheet', 10, null),
                ('in.gov.tn.dge', 'Directorate of Government Examinations Tamil Nadu', 'state', 'HSCER', 'HSC Marksheet', 9, null),
                ('in.gov.kseeb', 'Karnataka Secondary Education Examination Board', 'state', 'SSCER', 'SSLC Marksheet', 8, null),
                ('in.gov.up.revenue', 'Revenue Department Uttar Pradesh', 'state', 'INCER', 'Income Certificate', 14, 1),
                ('in.gov.up.revenue', 'Revenue Department Uttar Pradesh', 'state', 'CSTCR', 'Caste Certificate', 12, null),
                ('in.gov.up.revenue', 'Revenue Department Uttar Pradesh', 'state', 'DOMCR', 'Domicile Certificate', 8, null),
                ('in.gov.maharashtra.revenue', 'Revenue and Forest Department Maharashtra', 'state', 'INCER', 'Income Certificate', 9, 1),
                ('in.gov.maharashtra.revenue', 'Revenue and Forest Department Maharashtra', 'state', 'CSTCR', 'Caste Certificate', 7, null),
                ('in.gov.karnataka.revenue', 'Revenue Department Karnataka', 'state', 'INCER', 'Income Certificate', 6, 1),
                ('in.gov.delhi.revenue', 'Revenue Department Delhi', 'state', 'CSTCR', 'Caste Certificate', 4, null),
                ('in.gov.delhi.mcd', 'Municipal Corporation of Delhi', 'state', 'BRCER', 'Birth Certificate', 10, null),
                ('in.gov.tn.crs', 'Civil Registration System Tamil Nadu', 'state', 'BRCER', 'Birth Certificate', 8, null),
                ('in.gov.tn.crs', 'Civil Registration System Tamil Nadu', 'state', 'DTCER', 'Death Certificate', 2, null),
                ('in.gov.pds.up', 'Food and Civil Supplies Uttar Pradesh', 'state', 'RATCR', 'Ration Card', 18, 5),
                ('in.gov.bihar.lrc', 'Land Records Bihar', 'state', 'LRCER', 'Land Record', 6, null),
                ('in.ac.du', 'University of Delhi', 'other', 'DGCER', 'Degree Certificate', 7, null),
                ('in.ac.du', 'University of Delhi', 'other', 'MRKST', 'Semester Marksheet', 12, null),
                ('in.ac.mu', 'University of Mumbai', 'other', 'DGCER', 'Degree Certificate', 5, null),
                ('in.ac.annauniv', 'Anna University', 'other', 'DGCER', 'Degree Certificate', 5, null),
                ('in.ac.vtu', 'Visvesvaraya Technological University', 'other', 'MRKST', 'Semester Marksheet', 9, null),
                ('in.gov.licindia', 'Life Insurance Corporation of India', 'other', 'INSPL', 'Insurance Policy', 14, 20),
                ('in.co.icicilombard', 'ICICI Lombard General Insurance', 'other', 'MTINS', 'Motor Insurance Policy', 16, 1),
                ('in.co.bajajallianz', 'Bajaj Allianz General Insurance', 'other', 'HLINS', 'Health Insurance Policy', 8, 1),
                ('in.gov.nsdl', 'National Securities Depository', 'other', 'CASTM', 'Consolidated Account Statement', 10, null)""",
                """
                insert into issuer_issuer (id, issuer_id, name, category, contact_email, status, registered_at,
                                           status_changed_at)
                select gen_random_uuid(), issuer_id, min(issuer_name), min(category), 'it@' || issuer_id,
                       'APPROVED', timestamptz '2017-01-01 00:00+00', timestamptz '2017-01-01 00:00+00'
                from bench_catalog group by issuer_id
                on conflict (issuer_id) do nothing""",
                """
                insert into issuer_doc_type (issuer_id, code, name, description, search_parameters)
                select issuer_id, doc_type, type_name, type_name || ' issued by ' || issuer_name,
                       '[{"paramname":"docno","label":"Document number","example":"1234567"}]'::jsonb
                from bench_catalog
                on conflict do nothing""");
    }

    /** Residents who sign up through the application, as the benchmark's clients. */
    private void realResidents(int real) throws Exception {
        ResidentAccounts accounts = context.getBean(ResidentAccounts.class);
        Concurrently.run(4, real, i -> {
            if (accounts.findByMobile(mobile(i)).isEmpty()) {
                accounts.signUp(mobile(i), username(i), PASSWORD);
            }
        });
    }

    static MobileNumber mobile(int resident) {
        return new MobileNumber(String.valueOf(9_000_000_000L + resident));
    }

    static String username(int resident) {
        return "resident%06d".formatted(resident);
    }

    /** The blobs that bulk rows share: a signed Certificate XML and a PDF of about 100 KiB. */
    private void sharedBlobs() throws Exception {
        BlobVault vault = context.getBean(BlobVault.class);
        TestIssuer shared = new TestIssuer("in.gov.cbse", TestIssuerKeys.generate("Central Board of Secondary Education"));
        StoredBlob xml = vault.store(new ByteArrayInputStream(shared.signedCertificate("HSCER", "2014000000",
                "999941057058", "Resident of the bulk", 28)));
        StoredBlob pdf = vault.store(new ByteArrayInputStream(pdf(0)));
        jdbc.sql("create table bench_shared_blob (kind text primary key, blob uuid not null, sha256 text not null)")
                .update();
        jdbc.sql("insert into bench_shared_blob values ('xml', ?, ?), ('pdf', ?, ?)")
                .params(xml.id().value(), xml.sha256(), pdf.id().value(), pdf.sha256()).update();
    }

    /** The other residents, straight into the table, sharing one hash of {@link #PASSWORD} made by the application. */
    private void bulkResidents(Connection connection, int residents, int real) throws SQLException {
        String hash = context.getBean(PasswordEncoder.class).encode(PASSWORD);
        try (var insert = connection.prepareStatement("""
                insert into account_resident (id, locker_id, username, password_hash, mobile, status, created_at,
                                              password_changed_at)
                select gen_random_uuid(), gen_random_uuid(), format('resident%s', lpad(r::text, 6, '0')), ?,
                       (9000000000 + r)::text, 'ACTIVE', at, at
                from generate_series(?, ? - 1) r,
                     lateral (select timestamptz '2017-06-01 00:00+00'
                                     + (r::float8 / ?) * interval '3470 days' as at) t""")) {
            insert.setString(1, hash);
            insert.setInt(2, real);
            insert.setInt(3, residents);
            insert.setInt(4, residents);
            insert.executeUpdate();
        }
    }

    /**
     * The issued documents: exactly {@code documents} rows. Each resident's count is drawn from a log-normal
     * spread (median 36, mean 50, 1 % above 229, capped at 1,000). About 1 % of documents are parked (their
     * national ID is not linked to a locker), 3 % of URIs carry a superseded first version, and of the live ones
     * 1.5 % are revoked, 0.5 % suspended, 0.5 % deleted by their issuer. Publication times spread over ten years,
     * more of them recent; validity follows the doc type, so some are expired. Rows go in by publication time,
     * so that each resident's documents lie scattered over the table as years of deliveries leave them.
     */
    private void bulkDocuments(Connection connection, long documents) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("set local maintenance_work_mem = '1GB'");
            sql.execute("set local work_mem = '512MB'");
            sql.execute("set local max_parallel_maintenance_workers = 2");
            // u(x, seed): a uniform number in [0, 1) that depends only on x and seed.
            sql.execute("""
                    create or replace function pg_temp.u(x bigint, seed bigint) returns float8
                    language sql immutable parallel safe
                    as $$ select ((hashint8extended(x, seed) & 2147483647)::float8 + 0.5) / 2147483648 $$""");
            sql.execute("""
                    create temporary table bench_owner on commit drop as
                    select substring(username from 9)::int as r, id as account_id
                    from account_resident where username ~ '^resident[0-9]{6}$'""");
            sql.execute("""
                    create temporary table bench_count on commit drop as
                    select r, account_id, least(1000.0, exp(3.59 + 0.8 * sqrt(-2 * ln(pg_temp.u(r, 1)))
                           * cos(2 * pi() * pg_temp.u(r, 2)))) as raw, 0 as n
                    from bench_owner""");
            sql.execute("update bench_count set n = greatest(1, round(raw * " + documents
                    + " / (select sum(raw) from bench_count)))");
            // Rounding leaves the total a few off: take them from or give them to the largest lockers.
            sql.execute("""
                    with off as (select %d - sum(n) as d from bench_count),
                         ranked as (select r, row_number() over (order by n desc, r) as rank from bench_count)
                    update bench_count c set n = n + sign(off.d)
                    from off, ranked where ranked.r = c.r and ranked.rank <= abs(off.d)""".formatted(documents));
            sql.execute("""
                    create temporary table bench_pick on commit drop as
                    select array_agg(position order by position, copy) as positions
                    from bench_catalog, generate_series(1, weight) copy""");
            List<String> recreate = dropIndexes(sql);
            sql.execute("""
                    insert into issuer_document (id, uri, version, issuer_id, doc_type, doc_id, doc_name, status,
                                                 issued_on, valid_from, valid_to, xml_blob, xml_sha256, pdf_blob,
                                                 pdf_sha256, pdf_rendered, status_reason, signer, uid_fingerprint,
                                                 account_id, delivered_at, published_at, status_changed_at)
                    select gen_random_uuid(), c.issuer_id || '-' || c.doc_type || '-' || s.doc_id, s.version,
                           c.issuer_id, c.doc_type, s.doc_id,
                           c.type_name || case when c.valid_years is null and c.type_name like '%Marksheet'
                                               then ' ' || extract(year from s.published_at)::int else '' end,
                           s.status, s.issued_on, s.issued_on,
                           (s.issued_on + c.valid_years * interval '1 year')::date,
                           x.blob, x.sha256,
                           case when s.with_pdf then p.blob end, case when s.with_pdf then p.sha256 end, false,
                           case s.status when 'REVOKED' then 'Withdrawn by the issuer after a correction'
                                         when 'SUSPENDED' then 'Under verification' end,
                           'CN=' || c.issuer_name || ',O=Government of India,C=IN',
                           case when s.parked or s.by_national_id
                                then decode(md5(s.doc_key::text) || md5(s.doc_key::text || 'f'), 'hex') end,
                           case when not s.parked then s.account_id end,
                           case when not s.parked then s.published_at end,
                           s.published_at,
                           s.published_at + case when s.status in ('ACTIVE', 'DELETED') then interval '0'
                                                 else interval '40 days' end
                    from (
                        select d.*, (date_trunc('day', d.published_at)
                                     - floor(pg_temp.u(d.doc_key, 9) * 30) * interval '1 day')::date as issued_on
                        from (
                            select o.*, least(now(), timestamptz '2016-12-01 00:00+00' + interval '3650 days'
                                       * sqrt(pg_temp.u(o.doc_key, 4))
                                       + case when o.version = 2
                                              then (1 + pg_temp.u(o.doc_key, 5) * 60) * interval '1 day'
                                              else interval '0' end) as published_at
                            from (
                                select k.r, k.account_id, k.doc_key, lpad(k.r::text, 6, '0') || lpad(k.doc::text, 4, '0') as doc_id,
                                       case when k.paired then 1 + k.slot % 2 else 1 end as version,
                                       case when k.paired and k.slot % 2 = 0 then 'SUPERSEDED'
                                            when pg_temp.u(k.doc_key, 6) < 0.015 then 'REVOKED'
                                            when pg_temp.u(k.doc_key, 6) < 0.020 then 'SUSPENDED'
                                            when pg_temp.u(k.doc_key, 6) < 0.025 then 'DELETED'
                                            else 'ACTIVE' end as status,
                                       pg_temp.u(k.doc_key, 7) < 0.01 as parked,
                                       pg_temp.u(k.doc_key, 8) < 0.8 as by_national_id,
                                       pg_temp.u(k.doc_key, 10) < 0.3 as with_pdf
                                from (
                                    select b.r, b.account_id, g.slot, pr.paired,
                                           case when pr.paired then g.slot / 2 * 2 else g.slot end as doc,
                                           b.r::bigint * 10000 + case when pr.paired then g.slot / 2 * 2
                                                                      else g.slot end as doc_key
                                    from bench_count b, generate_series(0, b.n - 1) g(slot),
                                         lateral (select pg_temp.u(b.r::bigint * 10000 + g.slot / 2, 3) < 0.03
                                                         and g.slot / 2 * 2 + 1 < b.n as paired) pr
                                ) k
                            ) o
                        ) d
                    ) s
                    cross join bench_pick
                    join bench_catalog c
                      on c.position = bench_pick.positions[1 + floor(pg_temp.u(s.doc_key, 11)
                                                                     * array_length(bench_pick.positions, 1))::int]
                    cross join (select blob, sha256 from bench_shared_blob where kind = 'xml') x
                    cross join (select blob, sha256 from bench_shared_blob where kind = 'pdf') p
                    order by s.published_at""");
            for (String statement : recreate) {
                sql.execute(statement);
            }
        }
    }

    /**
     * Drops the constraints and indexes of {@code issuer_document}, for a fast insert, and answers the
     * statements that make them again exactly as the migrations did.
     */
    private static List<String> dropIndexes(Statement sql) throws SQLException {
        List<String> recreate = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        try (var constraints = sql.executeQuery("""
                select conname, pg_get_constraintdef(oid) from pg_constraint
                where conrelid = 'issuer_document'::regclass and contype in ('p', 'u', 'f')
                order by case contype when 'p' then 0 when 'u' then 1 else 2 end""")) {
            while (constraints.next()) {
                drop.add("alter table issuer_document drop constraint " + constraints.getString(1));
                recreate.add("alter table issuer_document add constraint " + constraints.getString(1) + " "
                        + constraints.getString(2));
            }
        }
        try (var indexes = sql.executeQuery("""
                select indexname, indexdef from pg_indexes where tablename = 'issuer_document'
                and indexname not in (select conname from pg_constraint where conrelid = 'issuer_document'::regclass)""")) {
            while (indexes.next()) {
                drop.add(0, "drop index " + indexes.getString(1));
                recreate.add(indexes.getString(2));
            }
        }
        for (String statement : drop) {
            sql.execute(statement);
        }
        return recreate;
    }

    /**
     * The benchmark issuer registers and is approved through the API, then pushes {@code pdfs} documents to
     * each real resident's locker by locker ID, each with its signed Certificate XML and its own PDF, through the
     * intake over HTTP.
     */
    private void pushes(int real, int pdfs) throws Exception {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        WebClient web = new WebClient(port);
        var issuer = new TestIssuer(ISSUER, TestIssuerKeys.generate("Benchmark Board of Examinations"));
        var registered = web.postJson("/api/v1/issuers/registrations", issuer.registrationJson(DOC_TYPE));
        if (registered.statusCode() / 100 != 2) {
            throw new IllegalStateException("The benchmark issuer was not registered (" + registered.statusCode()
                    + "): a run was interrupted while pushing; drop the database and load again. " + registered.body());
        }
        issuer.credentialsFrom(web.post("/api/v1/admin/issuers/" + ISSUER + "/approve", "application/json",
                new byte[0], "Authorization", "Bearer " + token).body());
        ResidentAccounts accounts = context.getBean(ResidentAccounts.class);
        HttpClient http = HttpClient.newHttpClient();
        String url = "http://127.0.0.1:" + port + "/public/issuer/issuedoc/1/xml";
        Concurrently.run(4, real * pdfs, i -> {
            int resident = i / pdfs;
            ResidentAccount account = accounts.findByMobile(mobile(resident)).orElseThrow();
            String docId = "B%06d%02d".formatted(resident, i % pdfs);
            byte[] certificate = issuer.signedCertificate(DOC_TYPE, docId, "999941057058",
                    "Resident " + resident, 28);
            String body = issuer.pushRequest("<DigiLockerId>" + account.lockerId().value() + "</DigiLockerId>",
                    DOC_TYPE, docId, "A", certificate, TestIssuer.now(), TestIssuer.newTxn())
                    .replace("</DataContent>", "</DataContent>\n    <DocContent>"
                            + Base64.getEncoder().encodeToString(pdf(i + 1)) + "</DocContent>");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/xml").header("x-digilocker-hmac", issuer.hmac(body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("push refused: " + answer.statusCode() + " " + answer.body());
            }
        });
    }

    private void vacuumAnalyze() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(true);
            // As autovacuum would have left a table that grew over years: visibility map and hint bits set.
            sql.execute("vacuum (analyze) issuer_document");
            sql.execute("vacuum (analyze) account_resident");
            sql.execute("analyze");
        }
    }

    /**
     * A one-page PDF of about 100 KiB (102,500 bytes give or take a hundred): a title and a scanned-looking image of
     * noise, which does not compress, different for each {@code seed}.
     */
    static byte[] pdf(int seed) throws IOException {
        var random = new Random(seed);
        var image = new BufferedImage(330, 330, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int grey = random.nextInt(256);
                image.getRaster().setSample(x, y, 0, grey);
            }
        }
        try (var document = new PDDocument(); var out = new ByteArrayOutputStream()) {
            var page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            var picture = LosslessFactory.createFromImage(document, image);
            try (var content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 16);
                content.newLineAtOffset(72, 760);
                content.showText("Benchmark Board of Examinations - document " + seed);
                content.endText();
                content.drawImage(picture, 72, 380, 330, 330);
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    private static void sql(Connection connection, String... statements) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private static void createDatabase(String server, String database) throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]*") || database.equals("test")) {
            throw new IllegalArgumentException("database is a plain lower-case name other than test");
        }
        try (Connection connection = DriverManager.getConnection(server + "postgres", "postgres", "");
                Statement sql = connection.createStatement()) {
            try (var exists = sql.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            sql.execute("create database " + database);
            System.out.println("created database " + database);
        }
    }
}
