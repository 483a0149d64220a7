package org.tijori.issuer.pull;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.tijori.issuer.IssuerId;
import org.tijori.issuer.pull.PullAddressReview.Check;
import org.tijori.issuer.pull.PullAddresses.AddressRefusedException;
import org.tijori.issuer.registration.IssuerStatus;
import org.tijori.issuer.registration.Issuers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Issuers' Pull URI addresses as administrators review them: for each issuer waiting for a decision
 * (pending, or suspended and perhaps to be reinstated), the address is looked at when the page is shown,
 * through the same checks as a search, a few at a time and within a few seconds altogether.
 */
@Service
public class PullAddressReviews implements DisposableBean {

    /** How many addresses one showing of the page looks at, at most. */
    static final int MOST_LOOKED_AT = 20;

    private final JdbcClient jdbc;

    private final PullAddresses addresses;

    private final PullUriCalls calls;

    private final ExecutorService lookers;

    PullAddressReviews(JdbcClient jdbc, PullAddresses addresses, PullUriCalls calls) {
        this.jdbc = jdbc;
        this.addresses = addresses;
        this.calls = calls;
        AtomicInteger threads = new AtomicInteger();
        this.lookers = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "issuer-address-review-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The Pull URI address of every issuer that has one, with those of issuers waiting for a decision looked at. */
    public Map<IssuerId, PullAddressReview> all() {
        List<Row> rows = jdbc.sql("""
                select issuer_id, status, pull_uri_url from issuer_issuer where pull_uri_url is not null
                order by status = 'PENDING' desc, registered_at desc, issuer_id""")
                .query((rs, row) -> new Row(new IssuerId(rs.getString("issuer_id")),
                        IssuerStatus.valueOf(rs.getString("status")), rs.getString("pull_uri_url")))
                .list();
        Map<IssuerId, Map<String, List<ResidentField>>> fields = residentFields();
        List<Row> waiting = rows.stream()
                .filter(row -> row.status() == IssuerStatus.PENDING || row.status() == IssuerStatus.SUSPENDED)
                .limit(MOST_LOOKED_AT).toList();
        Map<IssuerId, Look> looks = look(waiting);
        Map<IssuerId, PullAddressReview> reviews = new LinkedHashMap<>();
        for (Row row : rows) {
            Look look = looks.getOrDefault(row.issuer(), new Look(Check.NOT_LOOKED_AT, null, null));
            reviews.put(row.issuer(), new PullAddressReview(row.issuer(), row.url(), look.check(), look.detail(),
                    look.certificate(), fields.getOrDefault(row.issuer(), Map.of())));
        }
        return reviews;
    }

    private Map<IssuerId, Look> look(List<Row> rows) {
        List<Callable<Look>> tasks = rows.stream().<Callable<Look>>map(row -> () -> look(row.url())).toList();
        Map<IssuerId, Look> looks = new LinkedHashMap<>();
        if (tasks.isEmpty()) {
            return looks;
        }
        List<Future<Look>> futures;
        try {
            futures = lookers.invokeAll(tasks, PullUriCalls.CERTIFICATE_TIMEOUT.toMillis() + 1_000,
                    TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return looks;
        }
        for (int i = 0; i < rows.size(); i++) {
            Look look;
            try {
                look = futures.get(i).get();
            }
            catch (CancellationException | ExecutionException e) {
                look = new Look(Check.UNREACHABLE, "no answer in time", null);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            looks.put(rows.get(i).issuer(), look);
        }
        return looks;
    }

    private Look look(String url) {
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return new Look(Check.REFUSED, "not an absolute address", null);
            }
            addresses.resolve(uri.getHost());
        }
        catch (AddressRefusedException e) {
            return new Look(Check.REFUSED, e.getMessage(), null);
        }
        catch (UnknownHostException e) {
            return new Look(Check.UNRESOLVED, null, null);
        }
        catch (IllegalArgumentException e) {
            return new Look(Check.REFUSED, "not an absolute address", null);
        }
        Optional<String> scheme = addresses.schemeProblem(uri);
        if (!"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            return new Look(scheme.isPresent() ? Check.REFUSED : Check.PLAIN_HTTP, scheme.orElse(null), null);
        }
        try {
            return new Look(Check.CERTIFICATE, null, calls.certificateOf(uri));
        }
        catch (AddressRefusedException e) {
            return new Look(Check.REFUSED, e.getMessage(), null);
        }
        catch (UnknownHostException e) {
            return new Look(Check.UNRESOLVED, null, null);
        }
        catch (IOException e) {
            return new Look(Check.UNREACHABLE, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    null);
        }
    }

    private Map<IssuerId, Map<String, List<ResidentField>>> residentFields() {
        Map<IssuerId, Map<String, List<ResidentField>>> byIssuer = new LinkedHashMap<>();
        jdbc.sql("""
                select t.issuer_id, t.code, t.resident_fields from issuer_doc_type t
                join issuer_issuer i on i.issuer_id = t.issuer_id where i.pull_uri_url is not null
                order by t.issuer_id, t.code""")
                .query(rs -> {
                    byIssuer.computeIfAbsent(new IssuerId(rs.getString("issuer_id")), id -> new LinkedHashMap<>())
                            .put(rs.getString("code"),
                                    Issuers.residentFields((String[]) rs.getArray("resident_fields").getArray()));
                });
        return byIssuer;
    }

    @Override
    public void destroy() {
        lookers.shutdownNow();
    }

    private record Row(IssuerId issuer, IssuerStatus status, String url) {
    }

    private record Look(Check check, String detail, PullAddressReview.ServerCertificate certificate) {
    }
}
