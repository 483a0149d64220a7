package org.tijori.issuer.rendering;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.COSObjectable;
import org.apache.pdfbox.pdmodel.common.PDNumberTreeNode;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDMarkInfo;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDMarkedContentReference;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDObjectReference;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDParentTreeValue;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureTreeRoot;
import org.apache.pdfbox.pdmodel.documentinterchange.taggedpdf.PDTableAttributeObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;
import org.tijori.PdfText;

/**
 * The logical structure of a rendered PDF, for screen readers and text extraction: a {@code Document} element
 * with headings, paragraphs, figures with their alternate text, and tables of label and value rows; each piece of
 * page content in a marked-content sequence whose {@code MCID} ties it to its element through the parent tree, and
 * whose {@code /ActualText} holds the text as written (shaped Devanagari maps back to no single character). An
 * element whose text has Devanagari says its language is Hindi; the document's is Indian English.
 */
final class StructureTags {

    static final String LANGUAGE = "en-IN";

    static final String HINDI = "hi-IN";

    private final PDStructureTreeRoot root = new PDStructureTreeRoot();

    private final PDStructureElement document;

    /** Per page (by its {@code StructParents} key), the element of each MCID. */
    private final Map<PDPage, Integer> pageKeys = new HashMap<>();

    private final Map<Integer, COSObjectable> parents = new HashMap<>();

    private int nextKey;

    StructureTags(PDDocument pdf) {
        PDDocumentCatalog catalog = pdf.getDocumentCatalog();
        catalog.setStructureTreeRoot(root);
        PDMarkInfo marked = new PDMarkInfo();
        marked.setMarked(true);
        catalog.setMarkInfo(marked);
        catalog.setLanguage(LANGUAGE);
        PDViewerPreferences preferences = new PDViewerPreferences(new COSDictionary());
        preferences.setDisplayDocTitle(true);
        catalog.setViewerPreferences(preferences);
        document = new PDStructureElement("Document", root);
        root.appendKid(document);
    }

    /** A new element of {@code type} ({@code H1}, {@code P}, {@code Table}...) at the end of the document. */
    PDStructureElement add(String type) {
        return add(document, type);
    }

    /** A new element of {@code type} at the end of {@code parent}'s children. */
    PDStructureElement add(PDStructureElement parent, String type) {
        PDStructureElement element = new PDStructureElement(type, parent);
        parent.appendKid(element);
        return element;
    }

    /** A header cell for its row: the label of a field. */
    PDStructureElement rowHeader(PDStructureElement row) {
        PDStructureElement header = add(row, "TH");
        PDTableAttributeObject scope = new PDTableAttributeObject();
        scope.setScope(PDTableAttributeObject.SCOPE_ROW);
        header.addAttribute(scope);
        return header;
    }

    /** Says the element is in Hindi when {@code text} has Devanagari. */
    static void language(PDStructureElement element, String text) {
        if (PdfText.hasDevanagari(text)) {
            element.setLanguage(HINDI);
        }
    }

    /**
     * Starts the marked content of {@code element} on {@code page}; {@code actualText} is what its glyphs say, or
     * null for content that is no text (a figure).
     */
    void begin(PDPageContentStream content, PDPage page, PDStructureElement element, String actualText)
            throws IOException {
        COSArray elements = (COSArray) parents.computeIfAbsent(key(page), key -> new COSArray());
        int mcid = elements.size();
        elements.add(element);
        PDMarkedContentReference reference = new PDMarkedContentReference();
        reference.setMCID(mcid);
        reference.setPage(page);
        element.appendKid(reference);
        // Tagged Span when it is text: poppler (pdftotext, Evince) honours /ActualText only on a Span.
        String tag = actualText == null ? element.getStructureType() : "Span";
        content.appendRawCommands("/" + tag + " <</MCID " + mcid
                + (actualText == null ? "" : " /ActualText " + PdfText.actualText(actualText)) + ">> BDC\n");
    }

    void end(PDPageContentStream content) throws IOException {
        content.endMarkedContent();
    }

    /** Makes {@code annotation} (a link) a child of {@code element}. */
    void annotation(PDAnnotation annotation, PDStructureElement element) {
        int key = nextKey++;
        annotation.setStructParent(key);
        parents.put(key, element);
        PDObjectReference reference = new PDObjectReference();
        reference.setReferencedObject(annotation);
        element.appendKid(reference);
    }

    /** Writes the parent tree; call once all content is drawn. */
    void finish() {
        PDNumberTreeNode tree = new PDNumberTreeNode(PDParentTreeValue.class);
        Map<Integer, COSObjectable> numbers = new HashMap<>();
        parents.forEach((key, value) -> numbers.put(key, value));
        tree.setNumbers(numbers);
        root.setParentTree(tree);
        root.setParentTreeNextKey(nextKey);
    }

    private int key(PDPage page) {
        return pageKeys.computeIfAbsent(page, p -> {
            int key = nextKey++;
            p.setStructParents(key);
            return key;
        });
    }
}
