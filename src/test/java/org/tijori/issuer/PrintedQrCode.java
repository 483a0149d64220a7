package org.tijori.issuer;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.Arrays;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * The QR code of a PDF Tijori drew, read back as a phone would read a print: the page drawn at 150 dpi, the
 * code framed with 10 mm around it (a camera frames the code, not the page: ZXing's default search samples
 * rows as if the code filled the picture), decoded by ZXing without {@code TRY_HARDER}, optionally after a
 * 3x3 box blur that stands in for a soft print or a shaking hand.
 */
public final class PrintedQrCode {

    static final float DPI = 150;

    private PrintedQrCode() {
    }

    /**
     * @param text what the code says
     * @param errorCorrection its level, as ZXing read it
     * @param annotation the link of the annotation over the code
     * @param infoEntry the {@code TijoriVerification} entry of the PDF's Info dictionary
     */
    public record Scan(String text, String errorCorrection, String annotation, String infoEntry) {
    }

    public static Scan scan(byte[] pdf, boolean blurred) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            for (int index = 0; index < document.getNumberOfPages(); index++) {
                PDPage page = document.getPage(index);
                for (PDAnnotation annotation : page.getAnnotations()) {
                    if (annotation instanceof PDAnnotationLink link && link.getAction() instanceof PDActionURI uri) {
                        BufferedImage drawn = new PDFRenderer(document).renderImageWithDPI(index, DPI);
                        BufferedImage framed = frame(drawn, DPI, page.getMediaBox(), link.getRectangle());
                        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                                new BufferedImageLuminanceSource(blurred ? blur(framed) : framed))));
                        return new Scan(result.getText(),
                                String.valueOf(result.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL)),
                                uri.getURI(), document.getDocumentInformation().getCustomMetadataValue("TijoriVerification"));
                    }
                }
            }
            throw new AssertionError("no link annotation over a QR code in the PDF");
        }
    }

    /**
     * The code's text read sharp and blurred from one drawing of its page at {@code dpi}, each {@code null} when
     * ZXing could not read it: for experiments over many PDFs, where {@link #scan} would draw the page twice.
     */
    public static String[] readings(byte[] pdf, float dpi) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            for (int index = 0; index < document.getNumberOfPages(); index++) {
                PDPage page = document.getPage(index);
                for (PDAnnotation annotation : page.getAnnotations()) {
                    if (annotation instanceof PDAnnotationLink link && link.getAction() instanceof PDActionURI) {
                        BufferedImage drawn = new PDFRenderer(document).renderImageWithDPI(index, dpi);
                        BufferedImage framed = frame(drawn, dpi, page.getMediaBox(), link.getRectangle());
                        return new String[] { reading(framed), reading(blur(framed)) };
                    }
                }
            }
            throw new AssertionError("no link annotation over a QR code in the PDF");
        }
    }

    private static String reading(BufferedImage image) {
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(image)))).getText();
        }
        catch (com.google.zxing.ReaderException e) {
            return null;
        }
    }

    private static BufferedImage frame(BufferedImage page, float dpi, PDRectangle media, PDRectangle code) {
        float scale = dpi / 72;
        float margin = 10 / 25.4f * 72;
        int left = Math.max(0, (int) ((code.getLowerLeftX() - margin) * scale));
        int top = Math.max(0, (int) ((media.getHeight() - code.getUpperRightY() - margin) * scale));
        int right = Math.min(page.getWidth(), (int) Math.ceil((code.getUpperRightX() + margin) * scale));
        int bottom = Math.min(page.getHeight(), (int) Math.ceil((media.getHeight() - code.getLowerLeftY() + margin) * scale));
        BufferedImage framed = new BufferedImage(right - left, bottom - top, BufferedImage.TYPE_INT_RGB);
        framed.getGraphics().drawImage(page.getSubimage(left, top, right - left, bottom - top), 0, 0, null);
        return framed;
    }

    private static BufferedImage blur(BufferedImage image) {
        float[] box = new float[9];
        Arrays.fill(box, 1f / 9);
        BufferedImage blurred = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        return new ConvolveOp(new Kernel(3, 3, box), ConvolveOp.EDGE_NO_OP, null).filter(image, blurred);
    }
}
