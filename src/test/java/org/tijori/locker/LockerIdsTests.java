package org.tijori.locker;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDs of uploads and folders: read only from a UUID, and written as the plain UUID, so that pages, links
 * and the JSON API show what they showed when the IDs were bare UUIDs.
 */
class LockerIdsTests {

    static final String ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    @Test
    void readsAnIdOnlyFromAUuid() {
        assertThat(UploadId.parse(ID)).contains(new UploadId(UUID.fromString(ID)));
        assertThat(FolderId.parse(" " + ID + " ")).as("a form's spaces").contains(new FolderId(UUID.fromString(ID)));
        for (String text : new String[] { null, "", "folder", "1-2-3-4-5", ID + "0", ID.replace('f', 'g') }) {
            assertThat(UploadId.parse(text)).as(text).isEmpty();
            assertThat(FolderId.parse(text)).as(text).isEmpty();
        }
    }

    @Test
    void showsAsThePlainUuidInTextAndJson() {
        UploadId upload = new UploadId(UUID.fromString(ID));
        Folder folder = new Folder(new FolderId(UUID.fromString(ID)), "Certificates");
        assertThat(upload).hasToString(ID);
        assertThat(JsonMapper.builder().build().writeValueAsString(upload)).isEqualTo("\"" + ID + "\"");
        assertThat(JsonMapper.builder().build().writeValueAsString(folder))
                .isEqualTo("{\"id\":\"" + ID + "\",\"name\":\"Certificates\"}");
    }
}
