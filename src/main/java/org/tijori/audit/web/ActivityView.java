package org.tijori.audit.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.tijori.audit.AuditEntry;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Turns trail entries into lines a resident reads: a label in their language, what it was about, who
 * did it. Only an allowed set of details leaves the trail: a national-ID fingerprint, say, never does.
 */
@Component
class ActivityView {

    /** Details a resident may see, in the order a summary prefers them. */
    private static final Set<String> SHOWN = Set.of("name", "docName", "uri", "document", "issuer", "docType",
            "form", "change", "outcome", "lastFour", "provider", "method", "permanently", "version", "mediaType",
            "size", "how", "times", "verifier");

    private final MessageSource messages;

    ActivityView(MessageSource messages) {
        this.messages = messages;
    }

    ActivityItem item(AuditEntry entry, String accountId, Locale locale) {
        Map<String, String> fields = entry.fields();
        Map<String, String> details = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            if (SHOWN.contains(key) && value != null && !"null".equals(value)) {
                details.put(key, value);
            }
        });
        String actorType = entry.actor().type();
        // A sign-out is recorded once the session has ended, without a signed-in actor; its subject is the account.
        boolean byYou = "RESIDENT".equals(actorType) && accountId.equals(entry.actor().id())
                || "account.SignedOut".equals(entry.action()) && accountId.equals(entry.subject());
        // Issuers push over an API of their own, without a Tijori sign-in: the issuer is in the details.
        String issuer = !byYou && !"issuer.DocumentPulled".equals(entry.action()) ? details.get("issuer") : null;
        boolean showAddress = byYou || ("ANONYMOUS".equals(actorType) && issuer == null);
        return new ActivityItem(entry.sequence(), entry.occurredAt(), entry.action(),
                ActivityKind.of(entry.action()).map(ActivityKind::param).orElse(null),
                label(entry.action(), details, locale), summary(details, locale), by(entry, byYou, issuer, locale),
                byYou, showAddress ? entry.ip() : null, details);
    }

    private String label(String action, Map<String, String> details, Locale locale) {
        String key = "activity.action." + action;
        String variant = switch (action) {
            case "locker.DocumentDeleted" -> "true".equals(details.get("permanently")) ? "permanently" : null;
            case "locker.DocumentChanged" -> details.get("change");
            case "issuer.DocumentPulled" -> outcome(details.get("outcome"));
            case "verify.DocumentVerified" -> details.get("how");
            case "locker.DocumentSigningFailed" -> details.get("outcome");
            default -> null;
        };
        String label = variant == null ? null : messages.getMessage(key + "." + variant, null, null, locale);
        if (label == null) {
            label = messages.getMessage(key, null, action, locale);
        }
        return label;
    }

    private static String outcome(String outcome) {
        return outcome != null && outcome.startsWith("failed") ? "failed" : outcome;
    }

    private String summary(Map<String, String> details, Locale locale) {
        if (details.containsKey("method")) {
            String method = details.get("method");
            if (method.startsWith("oidc:")) {
                return messages.getMessage("activity.method.oidc", new Object[] { method.substring(5) }, method, locale);
            }
            return messages.getMessage("activity.method." + method, null, method, locale);
        }
        if (details.containsKey("lastFour")) {
            return "XXXX XXXX " + details.get("lastFour");
        }
        for (String key : new String[] { "name", "docName", "uri", "docType", "document", "provider" }) {
            if (details.containsKey(key)) {
                String times = details.get("times");
                return times == null || "1".equals(times) ? details.get(key)
                        : messages.getMessage("activity.times", new Object[] { details.get(key), times },
                                details.get(key), locale);
            }
        }
        return "";
    }

    private String by(AuditEntry entry, boolean byYou, String issuer, Locale locale) {
        if (byYou) {
            return messages.getMessage("activity.by.you", null, locale);
        }
        if (issuer != null) {
            return messages.getMessage("activity.by.ISSUER", new Object[] { issuer }, locale);
        }
        if (entry.fields().containsKey("verifier")) {
            // A verification is recorded by Tijori, away from the verifier's request; the verifier is the one to name.
            return messages.getMessage("activity.by.verifier", new Object[] { entry.fields().get("verifier") }, locale);
        }
        String type = entry.actor().type();
        return switch (type) {
            case "ISSUER", "CLIENT" -> messages.getMessage("activity.by." + type,
                    new Object[] { String.valueOf(entry.actor().id()) }, locale);
            case "SYSTEM", "ADMIN", "ANONYMOUS" -> messages.getMessage("activity.by." + type, null, locale);
            default -> messages.getMessage("activity.by.other", null, locale);
        };
    }
}
