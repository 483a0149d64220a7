package org.tijori.issuer.registration;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How the {@code x-digilocker-hmac} header of a Pull URI request carries the HMAC-SHA256 of its body. DigiLocker's
 * specification says Base64 of the MAC; a number of live issuers were written against Base64 of the MAC's hex
 * string instead. Each issuer chooses the one its endpoint checks.
 */
public enum PullHmacEncoding {

    /** Base64 of the 32 bytes of the MAC, as DigiLocker's issuer specification says. */
    BASE64("base64"),
    /** Base64 of the MAC written as 64 lower-case hex digits. */
    BASE64_OF_HEX("base64-of-hex");

    private final String code;

    PullHmacEncoding(String code) {
        this.code = code;
    }

    /** The name a registration and the administrators' API use for it. */
    public String code() {
        return code;
    }

    /** The header's value for this MAC. */
    public String header(byte[] mac) {
        byte[] encoded = this == BASE64 ? mac : HexFormat.of().formatHex(mac).getBytes(StandardCharsets.US_ASCII);
        return Base64.getEncoder().encodeToString(encoded);
    }

    public static Optional<PullHmacEncoding> ofCode(String code) {
        return Arrays.stream(values()).filter(encoding -> encoding.code.equals(code)).findFirst();
    }
}
