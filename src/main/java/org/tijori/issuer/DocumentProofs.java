package org.tijori.issuer;

import org.springframework.modulith.NamedInterface;

/**
 * Makes the link that a printed document's QR code holds: Tijori's signed proof for one version of one
 * document, behind its public verification address. The {@code verify} module implements it; the issuer
 * module only calls it when it draws a PDF or shows a document's page, so that no arrow leads from
 * {@code issuer} to {@code verify} (ADR 22).
 */
@NamedInterface("documents")
public interface DocumentProofs {

    /**
     * The Info entry of a PDF Tijori draws that holds the link, as a verifier who uploads the PDF reads it back
     * without drawing the page.
     */
    String PDF_LINK_ENTRY = "TijoriVerification";

    /**
     * The Info {@code Creator} of a PDF Tijori draws. A PDF with it and without {@link #PDF_LINK_ENTRY} was drawn
     * before documents carried proofs.
     */
    String PDF_CREATOR = "Tijori";

    /**
     * @return {@code ${tijori.base-url}/verify/{uri}?p=<compact JWS>}, the URI's {@code /} kept as it is
     */
    String link(ProofSubject subject);
}
