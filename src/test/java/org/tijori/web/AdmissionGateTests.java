package org.tijori.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionGateTests {

    /** The threads the requests run on, in the order they were started. */
    final List<Thread> started = new CopyOnWriteArrayList<>();

    final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "admission-gate-request");
        started.add(thread);
        return thread;
    });

    final CountDownLatch finish = new CountDownLatch(1);

    @AfterEach
    void stop() {
        finish.countDown();
        threads.shutdownNow();
    }

    /** Sends a request through the gate on a thread of its own; the chain does what the step says. */
    Future<MockHttpServletResponse> send(AdmissionGate gate, String method, FilterChain chain) {
        return send(gate, method, "/api/v1/locker/issued", chain);
    }

    Future<MockHttpServletResponse> send(AdmissionGate gate, String method, String path, FilterChain chain) {
        return threads.submit(() -> {
            var response = new MockHttpServletResponse();
            gate.doFilter(new MockHttpServletRequest(method, path), response, chain);
            return response;
        });
    }

    /** A chain that says it started, then holds its place until the test finishes. */
    FilterChain holding(CountDownLatch started) {
        return (request, response) -> {
            started.countDown();
            await(finish);
        };
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("waited too long").isTrue();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void admitsRequestsInTheOrderTheyArrived() throws Exception {
        var gate = new AdmissionGate(1, Duration.ofSeconds(10));
        var first = new CountDownLatch(1);
        send(gate, "GET", holding(first));
        await(first);

        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Future<MockHttpServletResponse>> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int number = i;
            waiting.add(send(gate, "GET", (request, response) -> order.add(number)));
            // The next one arrives only once this one is in the line: its thread waits for a place.
            int threadsNow = 2 + i;
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == threadsNow
                    && started.get(threadsNow - 1).getState() == Thread.State.TIMED_WAITING);
        }
        assertThat(order).isEmpty();

        finish.countDown();
        for (var request : waiting) {
            assertThat(request.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aSmallResponseKeepsItsPlaceUntilTheRequestEnds() throws Exception {
        var gate = new AdmissionGate(1, Duration.ofMillis(200));
        var wrote = new CountDownLatch(1);
        send(gate, "GET", (request, response) -> {
            response.getOutputStream().write(new byte[100]);
            wrote.countDown();
            await(finish);
        });
        await(wrote);

        MockHttpServletResponse second = send(gate, "GET", (request, response) -> { }).get(10, TimeUnit.SECONDS);

        assertThat(second.getStatus()).isEqualTo(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        assertThat(second.getHeader("Retry-After")).isEqualTo("1");
    }

    @Test
    void aResponseLeavesTheGateBeforeItOutgrowsTheBuffer() throws Exception {
        var gate = new AdmissionGate(1, Duration.ofSeconds(10));
        var streaming = new CountDownLatch(1);
        send(gate, "GET", (request, response) -> {
            response.getOutputStream().write(new byte[response.getBufferSize()]);
            streaming.countDown();
            await(finish);
        });
        await(streaming);

        assertThat(send(gate, "GET", (request, response) -> { }).get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    }

    @Test
    void aWrittenPageLeavesTheGateWhenItIsFlushedOrCouldFillTheBuffer() throws Exception {
        var gate = new AdmissionGate(2, Duration.ofSeconds(10));
        var written = new CountDownLatch(2);
        send(gate, "GET", (request, response) -> {
            response.getWriter().write("x".repeat(response.getBufferSize() / 3));
            written.countDown();
            await(finish);
        });
        send(gate, "GET", (request, response) -> {
            response.getWriter().write("<p>short</p>");
            response.getWriter().flush();
            written.countDown();
            await(finish);
        });
        await(written);

        assertThat(send(gate, "HEAD", (request, response) -> { }).get(5, TimeUnit.SECONDS).getStatus())
                .isEqualTo(200);
        assertThat(send(gate, "GET", (request, response) -> { }).get(5, TimeUnit.SECONDS).getStatus())
                .isEqualTo(200);
    }

    @Test
    void aRequestWithABodyOrWaitingOnAnotherServerDoesNotWaitInLine() throws Exception {
        var gate = new AdmissionGate(1, Duration.ofMillis(100));
        var first = new CountDownLatch(1);
        send(gate, "GET", holding(first));
        await(first);

        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertThat(send(gate, method, (request, response) -> { }).get(5, TimeUnit.SECONDS).getStatus())
                    .as(method).isEqualTo(200);
        }
        // Nor does the return from an external sign-in, which waits on the provider's token endpoint.
        assertThat(send(gate, "GET", "/login/oauth2/code/provider", (request, response) -> { })
                .get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(send(gate, "GET", (request, response) -> { }).get(5, TimeUnit.SECONDS).getStatus())
                .isEqualTo(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }

    @Test
    void aFailedRequestGivesItsPlaceBack() throws Exception {
        var gate = new AdmissionGate(1, Duration.ofSeconds(5));
        Future<MockHttpServletResponse> failed = send(gate, "GET", (request, response) -> {
            throw new IllegalStateException("the handler failed");
        });
        assertThat(CompletableFuture.supplyAsync(() -> {
            try {
                failed.get();
                return "no failure";
            }
            catch (Exception e) {
                return e.getCause().getMessage();
            }
        }).get(5, TimeUnit.SECONDS)).isEqualTo("the handler failed");

        assertThat(send(gate, "GET", (request, response) -> { }).get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    }
}
