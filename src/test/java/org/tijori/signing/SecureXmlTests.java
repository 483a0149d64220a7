package org.tijori.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.tijori.signing.XmlRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SecureXmlTests {

    static final int LIMIT = 64 * 1024;

    @Test
    void parsesAnOrdinaryDocumentWithItsNamespaces() {
        Document doc = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Certificate xmlns:x="urn:example" number="2014123456"><IssuedTo><Person name="आशा वर्मा"/></IssuedTo><x:note>kept</x:note></Certificate>""");

        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("Certificate");
        assertThat(root.getAttribute("number")).isEqualTo("2014123456");
        assertThat(((Element) doc.getElementsByTagName("Person").item(0)).getAttribute("name")).isEqualTo("आशा वर्मा");
        assertThat(doc.getElementsByTagNameNS("urn:example", "note").item(0).getTextContent()).isEqualTo("kept");
    }

    @Test
    void refusesAnExternalEntityAndNeverReadsTheFile() throws Exception {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE Certificate [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <Certificate name="&xxe;">&xxe;</Certificate>""";

        XmlRejectedException refused = refusal(xml);

        assertThat(refused.reason()).isEqualTo(Reason.DTD);
        String passwd = Files.readString(Path.of("/etc/passwd"));
        String firstLine = passwd.lines().findFirst().orElseThrow();
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(firstLine);
        }
    }

    @Test
    void refusesBillionLaughsQuickly() {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [" + entities + "]><lolz>&lol9;</lolz>";

        XmlRejectedException refused = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> refusal(xml));

        assertThat(refused.reason()).isEqualTo(Reason.DTD);
    }

    @Test
    void refusesAnExternalDtdWithoutFetchingIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String xml = "<?xml version=\"1.0\"?><!DOCTYPE Certificate SYSTEM \"http://127.0.0.1:"
                    + server.getLocalPort() + "/evil.dtd\"><Certificate/>";

            assertThat(refusal(xml).reason()).isEqualTo(Reason.DTD);
            assertNoConnection(server);
        }
    }

    @Test
    void refusesParameterEntitiesWithoutFetchingThem() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String xml = "<?xml version=\"1.0\"?><!DOCTYPE Certificate [<!ENTITY % remote SYSTEM \"http://127.0.0.1:"
                    + server.getLocalPort() + "/exfiltrate.dtd\"> %remote; <!ENTITY % file SYSTEM "
                    + "\"file:///etc/passwd\">]><Certificate/>";

            assertThat(refusal(xml).reason()).isEqualTo(Reason.DTD);
            assertNoConnection(server);
        }
    }

    @Test
    void leavesXIncludeUnprocessed() {
        Document doc = parse("""
                <Certificate xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></Certificate>""");

        assertThat(doc.getDocumentElement().getTextContent()).isEmpty();
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2001/XInclude", "include").getLength()).isEqualTo(1);
    }

    @Test
    void refusesOversizeBytesBeforeParsing() {
        // Malformed, so only a refusal before parsing can answer TOO_LARGE.
        byte[] xml = "<".repeat(LIMIT + 1).getBytes(StandardCharsets.US_ASCII);

        XmlRejectedException refused = catchThrowableOfType(XmlRejectedException.class,
                () -> SecureXml.parse(xml, LIMIT));

        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused).hasMessageContaining(String.valueOf(LIMIT));
    }

    @Test
    void refusesAnOversizeStreamAfterReadingOneByteMoreThanAllowed() {
        EndlessStream endless = new EndlessStream();

        XmlRejectedException refused = catchThrowableOfType(XmlRejectedException.class,
                () -> SecureXml.parse(endless, LIMIT));

        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(endless.read.get()).isEqualTo(LIMIT + 1L);
    }

    @Test
    void acceptsADocumentOfExactlyTheLimit() {
        String start = "<Certificate>";
        String end = "</Certificate>";
        byte[] xml = (start + " ".repeat(LIMIT - start.length() - end.length()) + end).getBytes(StandardCharsets.US_ASCII);
        assertThat(xml).hasSize(LIMIT);

        assertThat(SecureXml.parse(xml, LIMIT).getDocumentElement().getLocalName()).isEqualTo("Certificate");
        assertThat(SecureXml.parse(new ByteArrayInputStream(xml), LIMIT).getDocumentElement().getLocalName())
                .isEqualTo("Certificate");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "not xml", "<Certificate><IssuedBy></Certificate>", "<a/><b/>",
            "<Certificate name=\"&undeclared;\"/>", "<Certificate>&undeclared;</Certificate>",
            "<x:Certificate/>" })
    void refusesMalformedXml(String xml) {
        assertThat(refusal(xml).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void refusesBytesInvalidInTheirEncoding() {
        byte[] xml = { '<', 'a', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'a', '>' };

        assertThatThrownBy(() -> SecureXml.parse(xml, LIMIT))
                .isInstanceOfSatisfying(XmlRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void refusesNestingDeeperThanAnyIssuedDocument() {
        String xml = "<a>".repeat(1_000) + "</a>".repeat(1_000);

        XmlRejectedException refused = refusal(xml);

        assertThat(refused.reason()).isEqualTo(Reason.TOO_COMPLEX);
        assertThat(refused.getMessage()).contains("256 deep");
    }

    @Test
    void refusesMoreElementsThanAnyDocumentHoldsBeforeBuildingIt() {
        byte[] xml = ("<r>" + "<a/>".repeat(SecureXml.MAX_ELEMENTS) + "</r>").getBytes(StandardCharsets.UTF_8);

        XmlRejectedException refused = catchThrowableOfType(XmlRejectedException.class,
                () -> SecureXml.parse(xml, 1 << 20));

        assertThat(refused.reason()).isEqualTo(Reason.TOO_COMPLEX);
        assertThat(refused.getMessage()).contains(SecureXml.MAX_ELEMENTS + " elements");
        assertThat(SecureXml.parse(("<r>" + "<a/>".repeat(SecureXml.MAX_ELEMENTS - 1) + "</r>")
                .getBytes(StandardCharsets.UTF_8), 1 << 20).getDocumentElement().getChildNodes().getLength())
                .isEqualTo(SecureXml.MAX_ELEMENTS - 1);
    }

    @Test
    void knowsFromItsBytesAloneThatASmallUtf8DocumentHasFewEnoughElements() {
        assertThat(SecureXml.fewEnoughTags("<?xml version=\"1.0\" encoding=\"UTF-8\"?><r><a/></r>"
                .getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(SecureXml.fewEnoughTags("\uFEFF<r><a>नाम</a></r>".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(SecureXml.fewEnoughTags("<?xml version='1.0' encoding='iso-8859-1'?><r/>"
                .getBytes(StandardCharsets.ISO_8859_1))).isTrue();
        assertThat(SecureXml.fewEnoughTags(("<r>" + "<a/>".repeat(SecureXml.MAX_ELEMENTS) + "</r>")
                .getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void countsByParsingWhereTheByteOfLessThanMayNotBeTheCharacter() {
        // Encodings in which '<' is not the byte 0x3C, or is not alone in it: the bytes say nothing.
        assertThat(SecureXml.fewEnoughTags("<?xml version=\"1.0\" encoding=\"IBM037\"?>".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(SecureXml.fewEnoughTags("<r/>".getBytes(StandardCharsets.UTF_16))).isFalse();
        assertThat(SecureXml.fewEnoughTags("<r/>".getBytes(StandardCharsets.UTF_16LE))).isFalse();
        assertThat(SecureXml.fewEnoughTags("<?xml version=\"1.0\" encoding=\"UTF-8\"".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(SecureXml.fewEnoughTags("<?xml version=\"1.0\" encoding=\"Cp037\"?>".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
    }

    @Test
    void refusesTooManyElementsInAnEncodingWhoseBytesCannotBeCounted() {
        byte[] ebcdic = ("<?xml version=\"1.0\" encoding=\"IBM037\"?><r>" + "<a/>".repeat(SecureXml.MAX_ELEMENTS)
                + "</r>").getBytes(java.nio.charset.Charset.forName("IBM037"));
        byte[] utf16 = ("<r>" + "<a/>".repeat(SecureXml.MAX_ELEMENTS) + "</r>").getBytes(StandardCharsets.UTF_16);

        for (byte[] xml : List.of(ebcdic, utf16)) {
            XmlRejectedException refused = catchThrowableOfType(XmlRejectedException.class,
                    () -> SecureXml.parse(xml, 1 << 22));
            assertThat(refused.reason()).isEqualTo(Reason.TOO_COMPLEX);
        }
    }

    @Test
    void refusesAnElementWithMoreAttributesThanAnyDocumentNeeds() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i <= SecureXml.MAX_ATTRIBUTES; i++) {
            attributes.append(" a").append(i).append("=\"x\"");
        }

        assertThat(refusal("<r" + attributes + "/>").reason()).isEqualTo(Reason.TOO_COMPLEX);
    }

    @Test
    void readsTheRootElementAloneWhateverFollowsIt() {
        byte[] xml = ("<?xml version=\"1.0\"?><PushUriRequest orgId=\"in.gov.cbse\" ts=\"now\">"
                + "<a/>".repeat(10_000) + "<not-closed>").getBytes(StandardCharsets.UTF_8);

        RootElement root = SecureXml.root(xml);

        assertThat(root.localName()).isEqualTo("PushUriRequest");
        assertThat(root.attribute("orgId")).hasValue("in.gov.cbse");
        assertThat(root.attribute("keyhash")).isEmpty();
    }

    @Test
    void theRootElementIsNotReadPastADocumentTypeDeclaration() {
        byte[] xml = "<!DOCTYPE r [<!ENTITY e \"x\">]><r orgId=\"&e;\"/>".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SecureXml.root(xml)).isInstanceOfSatisfying(XmlRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.DTD));
    }

    @Test
    void printsNothingToStandardError() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            refusal("<Certificate><unclosed></Certificate>");
            refusal("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>");
        }
        finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void serializesAsUtf8NodeForNode() {
        String body = "<Certificate a=\"1\" b=\"tab&#9;and&#10;newline\"><!-- kept -->"
                + "<Person name=\"आशा वर्मा\">\n  text &amp; more\r\n</Person><empty/></Certificate>";
        Document doc = parse(body);

        byte[] serialized = SecureXml.serialize(doc);
        Document again = SecureXml.parse(serialized, LIMIT);

        assertThat(new String(serialized, StandardCharsets.UTF_8))
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .contains("आशा वर्मा", "<!-- kept -->");
        assertThat(again.getDocumentElement().isEqualNode(doc.getDocumentElement())).isTrue();
        assertThat(SecureXml.serialize(again)).isEqualTo(serialized);
    }

    @Test
    void refusesALimitThatCannotBeKept() {
        assertThatThrownBy(() -> SecureXml.parse(new byte[0], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecureXml.parse(InputStream.nullInputStream(), Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Document parse(String xml) {
        return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8), LIMIT);
    }

    static XmlRejectedException refusal(String xml) {
        XmlRejectedException refused = catchThrowableOfType(XmlRejectedException.class, () -> parse(xml));
        assertThat(refused).as("refusal of %s", xml).isNotNull();
        return refused;
    }

    static void assertNoConnection(ServerSocket server) throws Exception {
        server.setSoTimeout(200);
        assertThatThrownBy(server::accept).as("a connection to the attacker's server")
                .isInstanceOf(SocketTimeoutException.class);
    }

    /** An input of endless '<' that counts what was read from it. */
    static final class EndlessStream extends InputStream {

        final AtomicLong read = new AtomicLong();

        @Override
        public int read() {
            read.incrementAndGet();
            return '<';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            Arrays.fill(buffer, offset, offset + length, (byte) '<');
            read.addAndGet(length);
            return length;
        }
    }
}
