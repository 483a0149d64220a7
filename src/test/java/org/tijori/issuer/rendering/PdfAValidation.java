package org.tijori.issuer.rendering;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/** Validates PDFs as PDF/A-2b with veraPDF, the PDF Association's reference validator. */
final class PdfAValidation {

    static {
        VeraGreenfieldFoundryProvider.initialise();
    }

    private PdfAValidation() {
    }

    /** The rules {@code pdf} breaks, one a line with where and how often, or an empty string when it complies. */
    static String failures(byte[] pdf) throws Exception {
        try (PDFAParser parser = Foundries.defaultInstance().createParser(new ByteArrayInputStream(pdf),
                PDFAFlavour.PDFA_2_B);
                PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_2_B, false)) {
            ValidationResult result = validator.validate(parser);
            if (result.isCompliant()) {
                return "";
            }
            // One line a rule broken: how often, the rule, and the first place it was broken.
            Map<String, List<TestAssertion>> byRule = result.getTestAssertions().stream()
                    .filter(assertion -> assertion.getStatus() == TestAssertion.Status.FAILED)
                    .collect(Collectors.groupingBy(assertion -> assertion.getRuleId().getClause() + "-"
                            + assertion.getRuleId().getTestNumber(), TreeMap::new, Collectors.toList()));
            return byRule.entrySet().stream()
                    .map(rule -> rule.getKey() + " (" + rule.getValue().size() + "x) " + rule.getValue().get(0).getMessage()
                            + " first at " + rule.getValue().get(0).getLocation().getContext())
                    .collect(Collectors.joining("\n"));
        }
    }
}
