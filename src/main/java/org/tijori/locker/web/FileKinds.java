package org.tijori.locker.web;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * What kind of file a media type is, in the words people use (<i>a text file</i>, <i>PDF documents</i>) and in the
 * reader's language, for a page that refuses an upload: a resident does not speak {@code text/plain}.
 */
final class FileKinds {

    private FileKinds() {
    }

    /**
     * One file of the type, such as <i>a text file</i>: the words for the exact type, else for its family
     * ({@code image/gif} is <i>an image of another kind</i>), else <i>a file of an unknown kind</i>.
     */
    static String one(MessageSource messages, String mediaType, Locale locale) {
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        String exact = messages.getMessage("locker.fileKind." + type, null, null, locale);
        if (exact != null) {
            return exact;
        }
        int slash = type.indexOf('/');
        String family = slash > 0 ? messages.getMessage("locker.fileKind." + type.substring(0, slash), null, null,
                locale) : null;
        return family != null ? family : messages.getMessage("locker.fileKind.other", null, locale);
    }

    /** The accepted types as one choice in words, for instance <i>PDF documents, JPEG images or PNG images</i>. */
    static String anyOf(MessageSource messages, List<String> mediaTypes, Locale locale) {
        List<String> words = mediaTypes.stream().map(type -> messages.getMessage("locker.fileKinds." + type, null,
                type, locale)).toList();
        if (words.size() == 1) {
            return words.get(0);
        }
        String head = String.join(", ", words.subList(0, words.size() - 1));
        return messages.getMessage("locker.fileKinds.last", new Object[] { head, words.get(words.size() - 1) },
                locale);
    }

    /** Why a file of the type {@code found} is refused when a locker takes the {@code accepted} ones. */
    static String refusal(MessageSource messages, String found, List<String> accepted, Locale locale) {
        return messages.getMessage("locker.refused.type", new Object[] { one(messages, found, locale),
                anyOf(messages, accepted, locale) }, locale);
    }
}
