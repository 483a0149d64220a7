package org.tijori.gateway.web;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.tijori.gateway.partner.PartnerFiles;
import org.tijori.gateway.token.PartnerAccess;
import org.tijori.issuer.ListedDocument;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * DigiLocker's File APIs (ADR 23, operations 6 to 9, 17 and 18) with its field names: the resident's uploaded
 * documents and folders, the issued documents the consent reaches (version 1 with {@code mime} a string, version 2
 * with an array), one document's bytes with the {@code hmac} header, and an issued document's Certificate XML.
 * What the consent reaches is {@link PartnerFiles}'s to decide.
 */
@PartnerApi
@RestController
@Tag(name = "Partner API")
class PartnerFilesApiController {

    /** The {@code hmac} header: base64 HMAC-SHA256 of the body, keyed by the requester's client secret. */
    static final String HMAC = "hmac";

    private final PartnerFiles files;

    PartnerFilesApiController(PartnerFiles files) {
        this.files = files;
    }

    @GetMapping(path = "/public/oauth2/1/files/", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The top level of the resident's uploaded documents and folders")
    Map<String, Object> root(@AuthenticationPrincipal PartnerAccess access) {
        return listing(files.uploaded(access, null));
    }

    @GetMapping(path = "/public/oauth2/1/files/issued", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The issued documents the consent reaches; mime a string")
    Map<String, Object> issuedV1(@AuthenticationPrincipal PartnerAccess access) {
        return issued(files.issued(access), false);
    }

    @GetMapping(path = "/public/oauth2/2/files/issued", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The issued documents the consent reaches; mime an array")
    Map<String, Object> issuedV2(@AuthenticationPrincipal PartnerAccess access) {
        return issued(files.issued(access), true);
    }

    @GetMapping(path = "/public/oauth2/1/files/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The documents of one folder of uploaded documents ('root' for the top level)")
    Map<String, Object> folder(@AuthenticationPrincipal PartnerAccess access, @PathVariable String id) {
        return listing(files.uploaded(access, id));
    }

    @GetMapping("/public/oauth2/1/file/{uri}")
    @Operation(summary = "An issued document's PDF or an uploaded document, with its hmac header")
    ResponseEntity<Resource> file(@AuthenticationPrincipal PartnerAccess access, @PathVariable String uri)
            throws IOException {
        PartnerFiles.Content content = files.file(access, uri);
        var answer = ResponseEntity.ok().contentType(MediaType.parseMediaType(content.mediaType()))
                .contentLength(content.size());
        if (content.hmac() != null) {
            answer.header(HMAC, content.hmac());
        }
        return answer.body(content.bytes() != null ? new ByteArrayResource(content.bytes())
                : new InputStreamResource(content.open()));
    }

    @GetMapping("/public/oauth2/1/xml/{uri}")
    @Operation(summary = "An issued document's signed Certificate XML")
    ResponseEntity<byte[]> xml(@AuthenticationPrincipal PartnerAccess access, @PathVariable String uri)
            throws IOException {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(files.xml(access, uri));
    }

    private static Map<String, Object> listing(PartnerFiles.Listing listing) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (PartnerFiles.Listing.Item item : listing.items()) {
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("id", item.id());
            each.put("name", item.name());
            each.put("type", item.folder() ? "dir" : "file");
            each.put("size", Long.toString(item.size()));
            each.put("date", date(item.date()));
            each.put("parent", item.parent());
            each.put("mime", item.mime());
            each.put("uri", item.uri());
            each.put("description", item.description());
            each.put("issuer", "");
            items.add(each);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("directory", listing.directory());
        answer.put("items", items);
        return answer;
    }

    private static Map<String, Object> issued(List<ListedDocument> documents, boolean mimeList) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ListedDocument document : documents) {
            List<String> mimes = new ArrayList<>(2);
            if (document.hasPdf()) {
                mimes.add(MediaType.APPLICATION_PDF_VALUE);
            }
            if (document.hasXml()) {
                mimes.add(MediaType.APPLICATION_XML_VALUE);
            }
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("name", document.docName());
            each.put("type", "file");
            each.put("size", " ");
            each.put("date", date(document.modifiedAt()));
            each.put("parent", " ");
            each.put("mime", mimeList ? mimes : mimes.isEmpty() ? "" : mimes.get(0));
            each.put("uri", document.uri().toString());
            each.put("doctype", document.docType().value());
            each.put("description", document.docTypeName());
            each.put("issuer", document.issuerName());
            each.put("issuerid", document.issuer().value());
            items.add(each);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", items);
        answer.put("resource", "issued");
        return answer;
    }

    /** DigiLocker's dates: UTC to the second, {@code 2015-05-12T15:50:38Z}. */
    private static String date(Instant at) {
        return at == null ? "" : DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
    }
}
