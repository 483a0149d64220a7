package org.tijori.gateway.web;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.tijori.account.MonthlyRegistrations;
import org.tijori.gateway.partner.FormProofs;
import org.tijori.gateway.partner.PartnerStatistics;
import org.tijori.gateway.partner.PartnerStatistics.Statistics;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * DigiLocker's statistics (ADR 23, #22), for a requester that proves itself by the form credential (a form or a
 * multipart body, as the reference file sends it). Counts are strings and list items' fields integers, as the file
 * types them; besides the lists, the newest month's {@code id}, {@code month}, {@code year} and {@code count} are at
 * the top level, where the file requires them. An item's {@code id} is its year and month ({@code 202612}), or its
 * year.
 */
@PartnerApi
@RestController
class PartnerStatisticsApiController {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("ddMMuuuu");

    private final FormProofs proofs;

    private final PartnerStatistics statistics;

    PartnerStatisticsApiController(FormProofs proofs, PartnerStatistics statistics) {
        this.proofs = proofs;
        this.statistics = statistics;
    }

    @PostMapping(path = "/public/statistics/1/counts", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> counts(@RequestParam Map<String, String> form, HttpServletRequest request) {
        proofs.prove(form.get("clientid"), form.get("ts"), form.get("hmac"), request.getRemoteAddr());
        Statistics counted = statistics.counts();
        List<Map<String, Object>> months = counted.lockersByMonth().stream().map(PartnerStatisticsApiController::month)
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("users", Long.toString(counted.lockers()));
        answer.put("authentic_documents", Long.toString(counted.documents()));
        answer.put("issuers", Long.toString(counted.issuers()));
        answer.put("requestors", Long.toString(counted.requesters()));
        answer.put("count_as_on", counted.asOn().format(DAY));
        answer.put("monthwise_registations", months);
        answer.put("yearwise_authentic_documents", counted.documentsByYear().stream().map(year -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", year.year());
            item.put("year", year.year());
            item.put("count", year.documents());
            return item;
        }).toList());
        answer.putAll(months.get(months.size() - 1));
        return answer;
    }

    private static Map<String, Object> month(MonthlyRegistrations registrations) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", registrations.month().getYear() * 100 + registrations.month().getMonthValue());
        item.put("month", registrations.month().getMonthValue());
        item.put("year", registrations.month().getYear());
        item.put("count", registrations.lockers());
        return item;
    }
}
