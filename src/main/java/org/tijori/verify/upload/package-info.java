/**
 * Verifying a file rather than a link: a Certificate XML checked against its issuer's registered certificates and
 * looked up by its content, or a PDF Tijori drew, whose proof is read without drawing a page.
 * <p>Internal to the verify module.
 */
package org.tijori.verify.upload;
