package org.tijori.locker.web;

import org.tijori.locker.FolderId;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads a {@link FolderId} from a request parameter, as Spring MVC read the plain UUID before: an empty value
 * is no folder, and text that is not a UUID is a bad request (400), never an error of the server.
 */
@Component
class FolderIdParameter implements Converter<String, FolderId> {

    @Override
    public FolderId convert(String source) {
        if (source.isBlank()) {
            return null;
        }
        return FolderId.parse(source).orElseThrow(() -> new IllegalArgumentException(
                "A folder ID is a UUID, such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301."));
    }
}
