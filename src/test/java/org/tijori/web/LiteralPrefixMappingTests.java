package org.tijori.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The mappings filtered by their literal starts choose, for every address, the handler Spring MVC's own choose: the
 * same controller method, the same 404 or 405.
 */
class LiteralPrefixMappingTests {

    final MockMvc spring = MockMvcBuilders.standaloneSetup(new Routes())
            .setCustomHandlerMapping(RequestMappingHandlerMapping::new).build();

    final MockMvc filtered = MockMvcBuilders.standaloneSetup(new Routes())
            .setCustomHandlerMapping(LiteralPrefixMapping::new).build();

    @Test
    void theLiteralStartOfAPatternEndsAtItsFirstVariableOrWildcard() {
        assertThat(LiteralPrefixMapping.literalStart("/api/v1/verify/{*uri}")).isEqualTo("/api/v1/verify");
        assertThat(LiteralPrefixMapping.literalStart("/issuer/**")).isEqualTo("/issuer");
        assertThat(LiteralPrefixMapping.literalStart("/files/doc?.pdf")).isEqualTo("/files/doc");
        assertThat(LiteralPrefixMapping.literalStart("/{lang}/about")).isEmpty();
        assertThat(LiteralPrefixMapping.literalStart("/locker/issued")).isEqualTo("/locker/issued");
        assertThat(LiteralPrefixMapping.literalStart("")).isEmpty();
    }

    @Test
    void everyAddressFindsWhatSpringMvcFinds() throws Exception {
        List<String> addresses = List.of("/docs/7", "/docs/7/pdf", "/docs/", "/docs", "/docsx/7", "/en/about",
                "/hi/about", "/about", "/files/a/b/c", "/files", "/verify/in.gov.cbse-HSCER-1/2/3",
                "/verify/", "/verify", "/d%6Fcs/7", "/docs/%37", "/verify/a%2Fb", "/nowhere", "/", "/docs/7/pdf/x",
                "/DOCS/7");
        for (String address : addresses) {
            var expected = spring.perform(get(address)).andReturn().getResponse();
            var actual = filtered.perform(get(address)).andReturn().getResponse();
            assertThat(actual.getStatus()).as(address).isEqualTo(expected.getStatus());
            assertThat(actual.getContentAsString()).as(address).isEqualTo(expected.getContentAsString());
        }
        assertThat(filtered.perform(get("/docs/7")).andReturn().getResponse().getContentAsString()).isEqualTo("doc 7");
        assertThat(filtered.perform(get("/verify/in.gov.x-A-1/2")).andReturn().getResponse().getContentAsString())
                .isEqualTo("verify /in.gov.x-A-1/2");
        assertThat(filtered.perform(get("/nowhere")).andReturn().getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void anotherMethodOnAKnownAddressIsStill405() throws Exception {
        assertThat(filtered.perform(post("/docs/7")).andReturn().getResponse().getStatus()).isEqualTo(405);
        assertThat(filtered.perform(post("/upload")).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @RestController
    static class Routes {

        @GetMapping("/docs/{id}")
        String doc(@PathVariable String id) {
            return "doc " + id;
        }

        @GetMapping("/docs/{id}/pdf")
        String pdf(@PathVariable String id) {
            return "pdf " + id;
        }

        @GetMapping("/{lang}/about")
        String about(@PathVariable String lang) {
            return "about " + lang;
        }

        @GetMapping("/files/**")
        String files() {
            return "files";
        }

        @GetMapping("/verify/{*uri}")
        String verify(@PathVariable String uri) {
            return "verify " + uri;
        }

        @GetMapping("/about")
        String aboutPlain() {
            return "about";
        }

        @PostMapping("/upload")
        String upload() {
            return "uploaded";
        }
    }
}
