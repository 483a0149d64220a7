package org.tijori.issuer;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the issuer side.
 *
 * @param registrationsPerAddress how many registrations one client address may send an hour
 * @param maxPushSize the largest push request body, checked before anything is parsed
 * @param requestLifetime how old a request's {@code ts} may be
 * @param pullTimeout how long one call to an issuer's Pull URI endpoint may take, from connecting to the
 *                    last byte of the answer, before it is cut off and counts as failed; a resident's search
 *                    waits at most about twice this (one retry). The largest answer read is
 *                    {@code maxPushSize}: a pulled document is the same as a pushed one
 * @param maxBulkSize the largest ZIP of pushes one upload may be
 * @param maxBulkFiles how many files one ZIP may hold
 * @param unprovenRequestsPerAddress how many issuer requests that do not prove their issuer (bad HMAC,
 *                                   unknown client) one address may send an hour before it is refused
 *                                   outright (429), so that nobody floods the activity trail
 * @param portalSignInFailuresPerClient how many failed portal sign-ins one client ID may have in fifteen
 *                                      minutes before further tries are refused unchecked
 * @param portalSignInFailuresPerAddress the same, for one client address, whatever client IDs it tries
 * @param bulkWorkers how many files of a bulk upload one node publishes at a time; a publication waits
 *                    on its commits and its blob's fsyncs as much as it computes, so more workers than
 *                    cores keep the cores busy (eight: about 30 % more than four on two cores)
 * @param maxBulkUnpackedSize how much the files of one ZIP may take once inflated, all together; counted
 *                           while they inflate, whatever the ZIP's headers claim, and the upload is refused
 *                           as soon as it is passed (a ZIP bomb inflates no further)
 * @param bulkSlice how long a node works on one upload before it turns to the next issuer's: issuers take
 *                  turns, so one issuer's 10,000 files do not hold back another's few
 * @param bulkLease how long an upload stays with the node working on it; a node that died mid-upload has it
 *                  taken over by another once this has passed (keep it well above {@code bulkSlice})
 * @param pullsPerResident how many searches (Pull URI) one resident may start an hour, so that nobody
 *                         hammers an issuer through Tijori
 * @param pullWorkers how many searches one node runs at once in the background; up to four times as many
 *                    wait their turn, and a search beyond that is answered "busy, try again"
 * @param stylesheetTimeout how long an issuer's XSLT may take to lay out one document; past it the document
 *                          prints the standard way and the stylesheet is not run again on that node
 * @param stylesheetMaxOutput how many characters an issuer's XSLT may write for one document (each element
 *                            counts its name and attributes); past it the transformation is stopped
 * @param pullAllowHttp whether a Pull URI address may be plain {@code http}: for development only, since
 *                      each search carries the resident's details and the issuer's HMAC
 * @param pullAllowedNetworks networks (CIDR, such as {@code 10.20.0.0/16} or {@code 127.0.0.1/32}) that a Pull
 *                            URI address may lead into although they are not public: loopback, private,
 *                            link-local and the like are refused otherwise, at registration and at every
 *                            connection. For an issuer inside the deployment's own network, and for tests
 * @param pushMemory how much of the heap the bodies of issuer requests (pushes, DigiLocker's forms) may hold at
 *                   once, counted by their declared length before they are read; never more than a quarter of
 *                   the heap, never less than one {@code maxPushSize}
 * @param pushMemoryWait how long a request waits for its share of {@code pushMemory} before it is answered 503
 * @param popularDocumentsFor how long the directory's list of the doc types most residents hold is kept before it
 *                            is counted again: counting reads every live document, so it is done seldom
 */
@ConfigurationProperties("tijori.issuer")
@Validated
public record IssuerProperties(@DefaultValue("10") @Min(1) int registrationsPerAddress,
        @DefaultValue("20MB") @NotNull DataSize maxPushSize,
        @DefaultValue("30m") @NotNull Duration requestLifetime,
        @DefaultValue("8s") @NotNull Duration pullTimeout,
        @DefaultValue("512MB") @NotNull DataSize maxBulkSize,
        @DefaultValue("10000") @Min(1) int maxBulkFiles,
        @DefaultValue("300") @Min(1) int unprovenRequestsPerAddress,
        @DefaultValue("5") @Min(1) int portalSignInFailuresPerClient,
        @DefaultValue("20") @Min(1) int portalSignInFailuresPerAddress,
        @DefaultValue("8") @Min(1) @jakarta.validation.constraints.Max(64) int bulkWorkers,
        @DefaultValue("1GB") @NotNull DataSize maxBulkUnpackedSize,
        @DefaultValue("5s") @NotNull Duration bulkSlice,
        @DefaultValue("2m") @NotNull Duration bulkLease,
        @DefaultValue("20") @Min(1) int pullsPerResident,
        @DefaultValue("8") @Min(1) int pullWorkers,
        @DefaultValue("5s") @NotNull Duration stylesheetTimeout,
        @DefaultValue("100000") @Min(1000) long stylesheetMaxOutput,
        @DefaultValue("false") boolean pullAllowHttp,
        @DefaultValue @NotNull List<String> pullAllowedNetworks,
        @DefaultValue("160MB") @NotNull DataSize pushMemory,
        @DefaultValue("5s") @NotNull Duration pushMemoryWait,
        @DefaultValue("10m") @NotNull Duration popularDocumentsFor) {

    public IssuerProperties {
        pullAllowedNetworks = List.copyOf(pullAllowedNetworks);
    }
}
