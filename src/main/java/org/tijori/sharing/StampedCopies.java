package org.tijori.sharing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import org.springframework.stereotype.Component;

/** Stand-in until the stamp branch lands (same signature): writes the line at the foot of every page. */
@Component
class StampedCopies {

    void stamp(InputStream pdf, OutputStream out, String line) throws IOException {
        try (PDDocument document = Loader.loadPDF(new RandomAccessReadBuffer(pdf))) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            String text = line.replaceAll("[^\\x20-\\x7E]", "?");
            for (PDPage page : document.getPages()) {
                try (PDPageContentStream content = new PDPageContentStream(document, page,
                        PDPageContentStream.AppendMode.APPEND, true, true)) {
                    content.beginText();
                    content.setFont(font, 8);
                    content.newLineAtOffset(20, 12);
                    content.showText(text);
                    content.endText();
                }
            }
            document.save(out);
        }
        catch (IOException e) {
            throw new UnstampablePdfException("The PDF cannot be read: " + e.getMessage(), e);
        }
    }
}
